/**
 * Small unconstrained minimisers for maximum-likelihood fits. The models optimise log-parameters, so
 * positivity needs no constraint. Both return their best point even when they stop early, and say so.
 */

export interface Minimum {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

export interface NelderMeadOptions {
  maxIterations?: number;
  /** Stop when the simplex's values differ by less than this (absolute, plus relative to the best). */
  tolerance?: number;
  /** Size of the initial simplex along each axis. */
  initialStep?: number;
}

/**
 * Nelder-Mead simplex minimisation (Nelder & Mead 1965, with the standard coefficients 1, 2, 0.5, 0.5).
 * A non-finite objective value is treated as +Infinity, so the simplex walks away from invalid regions.
 * @example
 * const m = nelderMead(([x, y]) => (x - 1) ** 2 + (y + 2) ** 2, [0, 0]); // m.x ≈ [1, -2]
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  options: NelderMeadOptions = {},
): Minimum {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 2000 * n;
  const tolerance = options.tolerance ?? 1e-10;
  const step = options.initialStep ?? 0.5;
  const safe = (x: number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] += step;
    simplex.push(p);
  }
  let values = simplex.map(safe);
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    const spread = values[n] - values[0];
    if (Number.isFinite(spread) && spread <= tolerance * (1 + Math.abs(values[0]))) {
      const size = Math.max(
        ...simplex.slice(1).map((p) => Math.max(...p.map((v, k) => Math.abs(v - simplex[0][k])))),
      );
      if (size < 1e-8) {
        converged = true;
        break;
      }
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k] += simplex[i][k] / n;
    const along = (t: number): number[] => centroid.map((c, k) => c + t * (simplex[n][k] - c));
    const reflected = along(-1);
    const fr = safe(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = safe(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? along(-0.5) : along(0.5);
      const fc = safe(contracted);
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        // Shrink towards the best point.
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((v, k) => simplex[0][k] + 0.5 * (v - simplex[0][k]));
          values[i] = safe(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best], value: values[best], iterations, converged };
}

export interface ValueAndGradient {
  value: number;
  gradient: number[];
}

export interface BfgsOptions {
  maxIterations?: number;
  /** Stop when every gradient component is below this times (1 + |value|). */
  gradientTolerance?: number;
  /** Largest move of any coordinate in one step (log-parameters: 2 is a factor of e² at most). */
  maxStep?: number;
}

/**
 * BFGS quasi-Newton minimisation with a backtracking (Armijo) line search (Nocedal & Wright 2006, §6.1).
 * Used for the BG/NBD fit, whose analytic gradient makes a million-customer fit take tens of evaluations
 * instead of the hundreds Nelder-Mead needs.
 */
export function bfgs(
  fg: (x: number[]) => ValueAndGradient,
  x0: number[],
  options: BfgsOptions = {},
): Minimum {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 200;
  const gtol = options.gradientTolerance ?? 1e-9;
  const maxStep = options.maxStep ?? Infinity;
  let x = x0.slice();
  let current = fg(x);
  if (!Number.isFinite(current.value) || !current.gradient.every(Number.isFinite)) {
    return { x, value: Infinity, iterations: 0, converged: false };
  }
  let h = identity(n);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const g = current.gradient;
    if (Math.max(...g.map(Math.abs)) <= gtol * (1 + Math.abs(current.value))) {
      return { x, value: current.value, iterations, converged: true };
    }
    let direction = h.map((row) => -dot(row, g));
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // The approximation lost positive definiteness: restart from steepest descent.
      h = identity(n);
      direction = g.map((v) => -v);
      slope = dot(direction, g);
    }
    const longest = Math.max(...direction.map(Math.abs));
    let t = longest > maxStep ? maxStep / longest : 1;
    let next: ValueAndGradient | undefined;
    let xNext = x;
    for (let tries = 0; tries < 60; tries++, t *= 0.5) {
      xNext = x.map((v, k) => v + t * direction[k]);
      const candidate = fg(xNext);
      if (
        Number.isFinite(candidate.value) &&
        candidate.gradient.every(Number.isFinite) &&
        candidate.value <= current.value + 1e-4 * t * slope
      ) {
        next = candidate;
        break;
      }
    }
    if (!next) return { x, value: current.value, iterations, converged: false };
    const s = xNext.map((v, k) => v - x[k]);
    const y = next.gradient.map((v, k) => v - g[k]);
    const sy = dot(s, y);
    const stalled = Math.abs(current.value - next.value) <= 1e-15 * (1 + Math.abs(current.value));
    x = xNext;
    current = next;
    if (sy > 1e-12) h = bfgsUpdate(h, s, y, sy);
    if (stalled) return { x, value: current.value, iterations: iterations + 1, converged: true };
  }
  return { x, value: current.value, iterations, converged: false };
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

function dot(u: number[], w: number[]): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * w[i];
  return s;
}

/** H' = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ with ρ = 1 / (yᵀ s), the inverse-Hessian update. */
function bfgsUpdate(h: number[][], s: number[], y: number[], sy: number): number[][] {
  const n = s.length;
  const rho = 1 / sy;
  const hy = h.map((row) => dot(row, y));
  const yhy = dot(y, hy);
  const out = identity(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i][j] = h[i][j] - rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
    }
  }
  return out;
}

/**
 * Inverts a small symmetric positive-definite matrix by Gauss-Jordan elimination with partial pivoting;
 * undefined when it is singular. Used to turn an observed information matrix into standard errors.
 */
export function invertMatrix(m: number[][]): number[][] | undefined {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...identity(n)[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let i = col + 1; i < n; i++) if (Math.abs(a[i][col]) > Math.abs(a[pivot][col])) pivot = i;
    if (!(Math.abs(a[pivot][col]) > 1e-300)) return undefined;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    for (let j = 0; j < 2 * n; j++) a[col][j] /= p;
    for (let i = 0; i < n; i++) {
      if (i === col) continue;
      const f = a[i][col];
      for (let j = 0; j < 2 * n; j++) a[i][j] -= f * a[col][j];
    }
  }
  return a.map((row) => row.slice(n));
}

/**
 * Standard errors at a minimum of a negative log-likelihood: the square roots of the diagonal of the inverse
 * of its Hessian, which is taken by central differences of the analytic gradient.
 */
export function standardErrorsAt(fg: (x: number[]) => ValueAndGradient, x: number[]): number[] | undefined {
  const n = x.length;
  const h = 1e-5;
  const hessian = identity(n);
  for (let i = 0; i < n; i++) {
    const up = fg(x.map((v, k) => (k === i ? v + h : v))).gradient;
    const down = fg(x.map((v, k) => (k === i ? v - h : v))).gradient;
    for (let j = 0; j < n; j++) hessian[i][j] = (up[j] - down[j]) / (2 * h);
  }
  const symmetric = hessian.map((row, i) => row.map((v, j) => (v + hessian[j][i]) / 2));
  const inverse = invertMatrix(symmetric);
  if (!inverse) return undefined;
  const se = inverse.map((row, i) => Math.sqrt(row[i]));
  return se.every(Number.isFinite) ? se : undefined;
}
