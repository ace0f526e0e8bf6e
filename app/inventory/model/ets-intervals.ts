/**
 * Forecast means and variances of ETS models, HKOS (2008) Chapter 6:
 * class 1 (additive error, linear), class 2 (multiplicative error, linear mean) and class 3 (multiplicative
 * error and season), the classes R's `forecast.ets` handles analytically. Every model our selection
 * admits (no multiplicative trend, no additive error with multiplicative season) is in one of them.
 */
import type { EtsComponents } from "./types.ts";

export interface MomentInputs {
  components: EtsComponents;
  m: number;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  sigma2: number;
  /** Final state in R's layout `[l, b?, s_0 … s_{m-1}]`. */
  state: readonly number[];
}

/** h-step means and, for class 1, the coefficients c_j of the error terms (HKOS Table 6.1). */
function linearMoments(inputs: MomentInputs, horizon: number): { mean: number[]; c: number[] } {
  const { components, m, alpha, beta, gamma, phi, state } = inputs;
  const hasTrend = components.trend !== "N";
  const seasonal = components.season !== "N";
  const offset = hasTrend ? 2 : 1;
  const mean: number[] = [];
  const c: number[] = [];
  let phiSum = 0;
  for (let h = 1; h <= horizon; h++) {
    phiSum += hasTrend ? phi ** h : 0;
    let value = state[0] + (hasTrend ? phiSum * state[1] : 0);
    if (seasonal) value += state[offset + ((((m - h) % m) + m) % m)];
    mean.push(value);
    // c_j for j = h: α + β φ_j (damped sum φ + … + φ^j) + γ when j is a multiple of m.
    let cj = alpha + (hasTrend ? beta * phiSum : 0);
    if (seasonal && h % m === 0) cj += gamma;
    c.push(cj);
  }
  return { mean, c };
}

/** Class 1: additive errors, variance σ² (1 + Σ_{j<h} c_j²) (HKOS eq. 6.2). */
function class1(inputs: MomentInputs, horizon: number): { mean: number[]; variance: number[] } {
  const { mean, c } = linearMoments(inputs, horizon);
  const variance: number[] = [];
  let cumulative = 0;
  for (let h = 1; h <= horizon; h++) {
    variance.push(inputs.sigma2 * (1 + cumulative));
    cumulative += c[h - 1] ** 2;
  }
  return { mean, variance };
}

/** Class 2: multiplicative errors with a linear mean (HKOS eq. 6.4), through θ_h. */
function class2(inputs: MomentInputs, horizon: number): { mean: number[]; variance: number[] } {
  const { mean, c } = linearMoments(inputs, horizon);
  const s2 = inputs.sigma2;
  const theta: number[] = [];
  for (let j = 0; j < horizon; j++) {
    let value = mean[j] ** 2;
    for (let i = 0; i < j; i++) value += s2 * c[i] ** 2 * theta[j - 1 - i];
    theta.push(value);
  }
  return { mean, variance: theta.map((t, j) => (1 + s2) * t - mean[j] ** 2) };
}

type Matrix = number[][];
const zeros = (r: number, c: number): Matrix => Array.from({ length: r }, () => new Array<number>(c).fill(0));
function multiply(a: Matrix, b: Matrix): Matrix {
  const out = zeros(a.length, b[0].length);
  for (let i = 0; i < a.length; i++) {
    for (let k = 0; k < b.length; k++) {
      const aik = a[i][k];
      if (aik === 0) continue;
      for (let j = 0; j < b[0].length; j++) out[i][j] += aik * b[k][j];
    }
  }
  return out;
}
const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));
const add = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i][j]));
const scale = (a: Matrix, k: number): Matrix => a.map((row) => row.map((v) => v * k));
function kronecker(a: Matrix, b: Matrix): Matrix {
  const out = zeros(a.length * b.length, a[0].length * b[0].length);
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < a[0].length; j++)
      for (let k = 0; k < b.length; k++)
        for (let l = 0; l < b[0].length; l++) out[i * b.length + k][j * b[0].length + l] = a[i][j] * b[k][l];
  return out;
}

/**
 * Class 3: multiplicative error and season (MNM, MAM, MAdM), HKOS §6.3: the moments of the product of the
 * level/trend block and the seasonal block, propagated with Kronecker products as R's `class3` does.
 * The mean carries the σ² correction of the multiplicative season, so it differs slightly from the point
 * forecast beyond one season. As in R, F1 = [[1, 1], [0, φ]] and H1 = (1, 1) leave the level row undamped
 * (ETS(M,Ad,M) means are R's approximation); kept so that Keel's intervals agree with R's.
 */
function class3(inputs: MomentInputs, horizon: number): { mean: number[]; variance: number[] } {
  const { components, m, alpha, beta, gamma, phi, sigma2, state } = inputs;
  const hasTrend = components.trend !== "N";
  const q = hasTrend ? 2 : 1;
  const H1: Matrix = [new Array<number>(q).fill(1)];
  const H2: Matrix = [[...new Array<number>(m - 1).fill(0), 1]];
  const F1: Matrix = hasTrend
    ? [
        [1, 1],
        [0, phi],
      ]
    : [[1]];
  const G1: Matrix = hasTrend
    ? [
        [alpha, alpha],
        [beta, beta],
      ]
    : [[alpha]];
  const F2 = zeros(m, m);
  F2[0][m - 1] = 1;
  for (let i = 1; i < m; i++) F2[i][i - 1] = 1;
  const G2 = zeros(m, m);
  G2[0][m - 1] = gamma;
  let M: Matrix = state.slice(0, q).map((v) => state.slice(q, q + m).map((s) => v * s));
  const size = q * m;
  let V = zeros(size, size);
  const H21 = kronecker(H2, H1);
  const F21 = kronecker(F2, F1);
  const G21 = kronecker(G2, G1);
  const K = add(kronecker(G2, F1), kronecker(F2, G1));
  const H21t = transpose(H21);
  const F21t = transpose(F21);
  const G21t = transpose(G21);
  const Kt = transpose(K);
  const F2t = transpose(F2);
  const G2t = transpose(G2);
  const mean: number[] = [];
  const variance: number[] = [];
  for (let h = 0; h < horizon; h++) {
    const mu = multiply(multiply(H1, M), transpose(H2))[0][0];
    mean.push(mu);
    variance.push((1 + sigma2) * multiply(multiply(H21, V), H21t)[0][0] + sigma2 * mu * mu);
    // vec(M) in column-major order, matching the Kronecker convention vec(AXB) = (B' ⊗ A) vec(X).
    const vec: number[] = [];
    for (let j = 0; j < m; j++) for (let i = 0; i < q; i++) vec.push(M[i][j]);
    const outer = vec.map((a) => vec.map((b) => a * b));
    const FVF = multiply(multiply(F21, V), F21t);
    const cross = add(multiply(multiply(F21, V), G21t), multiply(multiply(G21, V), F21t));
    const kTerm = multiply(multiply(K, add(V, outer)), Kt);
    const gTerm = scale(multiply(multiply(G21, add(scale(V, 3), scale(outer, 2))), G21t), sigma2);
    V = add(FVF, scale(add(add(cross, kTerm), gTerm), sigma2));
    M = add(multiply(multiply(F1, M), F2t), scale(multiply(multiply(G1, M), G2t), sigma2));
  }
  return { mean, variance };
}

/** Forecast mean and variance for h = 1..horizon, choosing the class from the components. */
export function etsMoments(inputs: MomentInputs, horizon: number): { mean: number[]; variance: number[] } {
  const { error, season } = inputs.components;
  if (season === "M") return class3(inputs, horizon);
  return error === "A" ? class1(inputs, horizon) : class2(inputs, horizon);
}
