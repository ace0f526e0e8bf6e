/**
 * Parameter checks used while fitting ETS by maximum likelihood, as R's forecast package does with its
 * default `bounds = "both"`: the "usual" bounds (0 < β ≤ α < 1, 0 < γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98) and the
 * admissible (forecastable) region of HKOS (2008) Chapter 10, where the characteristic polynomial of the
 * discount matrix must have all its roots inside the unit circle.
 */
import { LOWER_BOUNDS, UPPER_BOUNDS } from "./ets-init.ts";
import type { EtsSmoothing } from "./ets-filter.ts";

export interface Optimised {
  beta: boolean;
  gamma: boolean;
  phi: boolean;
}

/** The usual bounds, applied to the parameters being optimised. */
export function withinUsualBounds(p: EtsSmoothing, optimised: Optimised): boolean {
  if (p.alpha < LOWER_BOUNDS[0] || p.alpha > UPPER_BOUNDS[0]) return false;
  if (optimised.beta && (p.beta < LOWER_BOUNDS[1] || p.beta > p.alpha || p.beta > UPPER_BOUNDS[1]))
    return false;
  if (optimised.phi && (p.phi < LOWER_BOUNDS[3] || p.phi > UPPER_BOUNDS[3])) return false;
  if (optimised.gamma && (p.gamma < LOWER_BOUNDS[2] || p.gamma > 1 - p.alpha || p.gamma > UPPER_BOUNDS[2])) {
    return false;
  }
  return true;
}

/**
 * Root estimates kept between calls within one fit: successive Nelder-Mead points have nearby parameters,
 * so the previous roots are excellent starting points and the iteration converges in a few steps. One
 * workspace belongs to one fit, so a fit's result never depends on other fits.
 */
export interface RootWorkspace {
  re: Float64Array;
  im: Float64Array;
  warm: boolean;
}

export function rootWorkspace(degree: number): RootWorkspace {
  return { re: new Float64Array(degree), im: new Float64Array(degree), warm: false };
}

function coldStart(c: readonly number[], re: Float64Array, im: Float64Array): void {
  const d = re.length;
  // Classic non-symmetric starting points on a circle scaled by Cauchy's bound.
  let bound = 0;
  for (let i = 1; i <= d; i++) bound = Math.max(bound, Math.abs(c[i]));
  const radius = 1 + bound;
  for (let k = 0; k < d; k++) {
    const angle = (2 * Math.PI * k) / d + 0.4;
    re[k] = radius * 0.5 * Math.cos(angle);
    im[k] = radius * 0.5 * Math.sin(angle);
  }
}

/** Durand–Kerner iterations from the current estimates; true when converged. */
function durandKerner(
  c: readonly number[],
  re: Float64Array,
  im: Float64Array,
  maxIterations: number,
): boolean {
  const d = re.length;
  for (let iter = 0; iter < maxIterations; iter++) {
    let change = 0;
    for (let k = 0; k < d; k++) {
      // p(z_k)
      let pr = 1;
      let pi = 0;
      for (let i = 1; i <= d; i++) {
        const nr = pr * re[k] - pi * im[k] + c[i];
        pi = pr * im[k] + pi * re[k];
        pr = nr;
      }
      // Π (z_k − z_j)
      let qr = 1;
      let qi = 0;
      for (let j = 0; j < d; j++) {
        if (j === k) continue;
        const dr = re[k] - re[j];
        const di = im[k] - im[j];
        const nr = qr * dr - qi * di;
        qi = qr * di + qi * dr;
        qr = nr;
      }
      const den = qr * qr + qi * qi;
      if (den === 0) return false;
      const wr = (pr * qr + pi * qi) / den;
      const wi = (pi * qr - pr * qi) / den;
      re[k] -= wr;
      im[k] -= wi;
      // Squared step sizes: Math.hypot is much slower and this runs inside every likelihood evaluation.
      const step = wr * wr + wi * wi;
      if (step > change) change = step;
    }
    if (change < 1e-28) return true;
  }
  return false;
}

/**
 * Largest modulus among the roots of `c[0] z^d + c[1] z^{d-1} + … + c[d]` (c[0] = 1), by the
 * Durand–Kerner (Weierstrass) iteration; degree ≤ 25 here. With a workspace, starts from its last roots.
 */
export function maxRootModulus(c: readonly number[], workspace?: RootWorkspace): number {
  const d = c.length - 1;
  const space = workspace && workspace.re.length === d ? workspace : rootWorkspace(d);
  let converged = false;
  if (space.warm) converged = durandKerner(c, space.re, space.im, 50);
  if (!converged) {
    coldStart(c, space.re, space.im);
    durandKerner(c, space.re, space.im, 500);
  }
  space.warm = true;
  let max = 0;
  for (let k = 0; k < d; k++) max = Math.max(max, space.re[k] * space.re[k] + space.im[k] * space.im[k]);
  return Math.sqrt(max);
}

/** Admissible region (R forecast's `admissible`): stability of the discount matrix D = F − g w'. */
export function admissible(
  p: EtsSmoothing,
  optimised: Optimised,
  seasonal: boolean,
  m: number,
  workspace?: RootWorkspace,
): boolean {
  const { alpha, phi, gamma } = p;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (!seasonal) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (optimised.beta && (p.beta < alpha * (phi - 1) || p.beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  if (m <= 1) return true;
  const beta = optimised.beta ? p.beta : 0;
  const d = 1 - 1 / phi - alpha;
  if (gamma < Math.max(d, 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
  const poly = [1, alpha + beta - phi];
  for (let i = 0; i < m - 2; i++) poly.push(alpha + beta - alpha * phi);
  poly.push(alpha + beta - alpha * phi + gamma - 1);
  poly.push(phi * (1 - alpha - gamma));
  return maxRootModulus(poly, workspace) <= 1 + 1e-10;
}
