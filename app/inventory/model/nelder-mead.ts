/**
 * Nelder-Mead simplex minimiser with the rules of the variant R's `optim()` uses (Nash, *Compact Numerical
 * Methods for Computers*, 2nd ed., Algorithm 19; R's `nmmin`): the same initial simplex (one step of 10% of
 * the largest coordinate along each axis), the same reflection/expansion/contraction/shrink rules and the
 * same relative convergence test. R's `forecast::ets` minimises with that routine, so following its rules
 * makes our ETS fits land on the same local optimum as R's, where a textbook variant would often stop
 * elsewhere (checked in test/unit/inventory/numeric.test.ts and ets-r.test.ts).
 */

/** Objective values that are not finite are replaced by this (R's `big`), which rejects the point. */
const BIG = 1.0e35;

export interface NelderMeadOptions {
  /** Stop when the best value falls below this (R's `abstol`; ets uses -Infinity). */
  absoluteTolerance?: number;
  /** Relative tolerance on the spread of the simplex values (R's `reltol`, default sqrt(machine eps)). */
  relativeTolerance?: number;
  /** Maximum number of function evaluations (R's `maxit`; ets uses 2000). */
  maxEvaluations?: number;
}

export type NelderMeadResult =
  | { ok: true; x: number[]; value: number; evaluations: number; converged: boolean }
  | { ok: false; reason: string };

/**
 * Minimises `objective` from `start`. Infeasible points should return `Infinity`; the start must be feasible.
 * @example
 * const r = nelderMead(([a, b]) => (a - 1) ** 2 + (b + 2) ** 2, [0, 0]);
 */
export function nelderMead(
  objective: (x: Float64Array) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const abstol = options.absoluteTolerance ?? -Infinity;
  const intol = options.relativeTolerance ?? Math.sqrt(Number.EPSILON);
  const maxit = options.maxEvaluations ?? 2000;
  const n = start.length;
  const alpha = 1.0;
  const beta = 0.5;
  const gamma = 2.0;

  const point = Float64Array.from(start);
  let f = objective(point);
  if (!Number.isFinite(f))
    return { ok: false, reason: "objective cannot be evaluated at the initial parameters" };
  if (n === 0) return { ok: true, x: [], value: f, evaluations: 1, converged: true };

  // Vertices are columns 0..n; column n+1 holds the centroid, as in Nash's layout.
  const vertices: Float64Array[] = [];
  const values = new Float64Array(n + 2);
  for (let j = 0; j < n + 2; j++) vertices.push(Float64Array.from(start));
  let evaluations = 1;
  const convtol = intol * (Math.abs(f) + intol);
  values[0] = f;

  let step = 0;
  for (let i = 0; i < n; i++) step = Math.max(step, 0.1 * Math.abs(start[i]));
  if (step === 0) step = 0.1;
  let size = 0;
  for (let j = 1; j <= n; j++) {
    let trystep = step;
    while (vertices[j][j - 1] === start[j - 1]) {
      vertices[j][j - 1] = start[j - 1] + trystep;
      trystep *= 10;
    }
    size += trystep;
  }
  let oldsize = size;
  let calcvert = true;
  let best = 0;
  const centroid = vertices[n + 1];
  let converged = false;

  for (;;) {
    if (calcvert) {
      for (let j = 0; j <= n; j++) {
        if (j === best) continue;
        f = objective(vertices[j]);
        values[j] = Number.isFinite(f) ? f : BIG;
        evaluations++;
      }
      calcvert = false;
    }
    let low = values[best];
    let high = low;
    let worst = best;
    for (let j = 0; j <= n; j++) {
      if (j === best) continue;
      const v = values[j];
      if (v < low) {
        best = j;
        low = v;
      }
      if (v > high) {
        worst = j;
        high = v;
      }
    }
    if (high <= low + convtol || low <= abstol) {
      converged = true;
      break;
    }

    for (let i = 0; i < n; i++) {
      let sum = -vertices[worst][i];
      for (let j = 0; j <= n; j++) sum += vertices[j][i];
      centroid[i] = sum / n;
    }
    for (let i = 0; i < n; i++) point[i] = (1 + alpha) * centroid[i] - alpha * vertices[worst][i];
    f = objective(point);
    const reflected = Number.isFinite(f) ? f : BIG;
    evaluations++;

    if (reflected < low) {
      // Try to expand further along the same direction; the centroid column keeps the reflected point.
      values[n + 1] = reflected;
      for (let i = 0; i < n; i++) {
        const expanded = gamma * point[i] + (1 - gamma) * centroid[i];
        centroid[i] = point[i];
        point[i] = expanded;
      }
      f = objective(point);
      const expandedValue = Number.isFinite(f) ? f : BIG;
      evaluations++;
      if (expandedValue < reflected) {
        vertices[worst].set(point);
        values[worst] = expandedValue;
      } else {
        vertices[worst].set(centroid);
        values[worst] = reflected;
      }
    } else {
      if (reflected < high) {
        vertices[worst].set(point);
        values[worst] = reflected;
      }
      for (let i = 0; i < n; i++) point[i] = (1 - beta) * vertices[worst][i] + beta * centroid[i];
      f = objective(point);
      const contracted = Number.isFinite(f) ? f : BIG;
      evaluations++;
      if (contracted < values[worst]) {
        vertices[worst].set(point);
        values[worst] = contracted;
      } else if (reflected >= high) {
        calcvert = true;
        size = 0;
        for (let j = 0; j <= n; j++) {
          if (j === best) continue;
          for (let i = 0; i < n; i++) {
            vertices[j][i] = beta * (vertices[j][i] - vertices[best][i]) + vertices[best][i];
            size += Math.abs(vertices[j][i] - vertices[best][i]);
          }
        }
        if (size < oldsize) oldsize = size;
        else break; // the polytope no longer shrinks: R reports fail = 10 and stops here too
      }
    }
    if (evaluations > maxit) break;
  }
  return { ok: true, x: Array.from(vertices[best]), value: values[best], evaluations, converged };
}
