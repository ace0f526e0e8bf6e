/**
 * A seeded synthetic order book in typed arrays (no per-order objects), drawn from the BG/NBD and
 * Gamma-Gamma stories: a million customers and about ten million orders fit in a few hundred megabytes.
 */
import { gammaDraw, seededRandom } from "../../app/customers/model/simulate.ts";
import type { BgNbdParams, GammaGammaParams } from "../../app/customers/model/types.ts";

export interface SyntheticOrders {
  customers: number;
  /** Orders of customer i are at indices offsets[i] .. offsets[i + 1] - 1, sorted by day. */
  offsets: Int32Array;
  days: Int32Array;
  amounts: Float64Array;
  asOfDay: number;
}

export interface SyntheticOptions {
  customers: number;
  /** Rates per day. */
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  /** Customers' first orders are spread uniformly over this many days before the as-of day. */
  acquisitionDays: number;
  asOfDay: number;
  seed: number;
}

export function syntheticOrders(o: SyntheticOptions): SyntheticOrders {
  const random = seededRandom(o.seed);
  const offsets = new Int32Array(o.customers + 1);
  let capacity = o.customers * 12;
  let days = new Int32Array(capacity);
  let amounts = new Float64Array(capacity);
  let n = 0;
  const push = (day: number, amount: number): void => {
    if (n === capacity) {
      capacity *= 2;
      const d = new Int32Array(capacity);
      d.set(days);
      days = d;
      const a = new Float64Array(capacity);
      a.set(amounts);
      amounts = a;
    }
    days[n] = day;
    amounts[n] = amount;
    n++;
  };
  const { r, alpha, a, b } = o.bgnbd;
  const { p, q, v } = o.gammaGamma;
  for (let i = 0; i < o.customers; i++) {
    offsets[i] = n;
    const rate = gammaDraw(r, random) / alpha;
    const ga = gammaDraw(a, random);
    const dropout = ga / (ga + gammaDraw(b, random));
    const spendRate = gammaDraw(q, random) / v;
    const T = Math.floor(random() * o.acquisitionDays);
    const first = o.asOfDay - T;
    push(first, gammaDraw(p, random) / spendRate);
    let t = 0;
    for (;;) {
      t += -Math.log(1 - random()) / rate;
      if (!(t <= T)) break;
      push(first + Math.floor(t), gammaDraw(p, random) / spendRate);
      if (random() < dropout) break;
    }
  }
  offsets[o.customers] = n;
  return {
    customers: o.customers,
    offsets,
    days: days.subarray(0, n),
    amounts: amounts.subarray(0, n),
    asOfDay: o.asOfDay,
  };
}
