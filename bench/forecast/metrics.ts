/**
 * Accuracy measures of the benchmark (Hyndman & Koehler 2006, IJF 22(4); M5 competition guidelines):
 * MASE and RMSSE scaled by the in-sample seasonal naive error, interval coverage, and the pinball loss of
 * the interval bounds (quantiles 2.5%, 10%, 90%, 97.5%) scaled like MASE.
 */
export interface SeriesForecast {
  mean: number[];
  /** level → [lower, upper] per day; absent when the method has no intervals. */
  intervals?: Record<number, { lower: number[]; upper: number[] }>;
}

export interface SeriesScore {
  mase: number;
  rmsse: number;
  covered80?: number;
  covered95?: number;
  pinball?: number;
}

/** Scores one forecast; `training` is the history the method saw, `m` the seasonal period of the scale. */
export function scoreSeries(
  training: readonly number[],
  actual: readonly number[],
  forecast: SeriesForecast,
  m: number,
): SeriesScore | null {
  let absScale = 0;
  let sqScale = 0;
  for (let t = m; t < training.length; t++) {
    absScale += Math.abs(training[t] - training[t - m]);
    sqScale += (training[t] - training[t - m]) ** 2;
  }
  const n = training.length - m;
  if (n <= 0 || absScale === 0) return null;
  absScale /= n;
  sqScale /= n;
  let abs = 0;
  let sq = 0;
  actual.forEach((a, h) => {
    abs += Math.abs(a - forecast.mean[h]);
    sq += (a - forecast.mean[h]) ** 2;
  });
  const score: SeriesScore = {
    mase: abs / actual.length / absScale,
    rmsse: Math.sqrt(sq / actual.length / sqScale),
  };
  const i80 = forecast.intervals?.[80];
  const i95 = forecast.intervals?.[95];
  if (i80 && i95) {
    let in80 = 0;
    let in95 = 0;
    let pinball = 0;
    const quantiles: [number, number[]][] = [
      [0.025, i95.lower],
      [0.1, i80.lower],
      [0.9, i80.upper],
      [0.975, i95.upper],
    ];
    actual.forEach((a, h) => {
      if (a >= i80.lower[h] && a <= i80.upper[h]) in80++;
      if (a >= i95.lower[h] && a <= i95.upper[h]) in95++;
      for (const [tau, q] of quantiles) pinball += a >= q[h] ? tau * (a - q[h]) : (1 - tau) * (q[h] - a);
    });
    score.covered80 = in80 / actual.length;
    score.covered95 = in95 / actual.length;
    score.pinball = pinball / (actual.length * quantiles.length) / absScale;
  }
  return score;
}

export interface Summary {
  series: number;
  mase: number;
  rmsse: number;
  coverage80: number | null;
  coverage95: number | null;
  pinball: number | null;
}

const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function summarise(scores: SeriesScore[]): Summary {
  const withIntervals = scores.filter((s) => s.covered80 !== undefined);
  return {
    series: scores.length,
    mase: average(scores.map((s) => s.mase)),
    rmsse: average(scores.map((s) => s.rmsse)),
    coverage80: withIntervals.length ? average(withIntervals.map((s) => s.covered80!)) : null,
    coverage95: withIntervals.length ? average(withIntervals.map((s) => s.covered95!)) : null,
    pinball: withIntervals.length ? average(withIntervals.map((s) => s.pinball!)) : null,
  };
}
