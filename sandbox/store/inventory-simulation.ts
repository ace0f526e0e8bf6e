/**
 * The stock the sandbox reports. Neither data source has inventory, so each variant's stock at a location is
 * simulated day by day under one stated replenishment policy, with the real (or generated) sales as demand:
 *
 * - (s, S) policy reviewed at the end of every day (Silver, Pyke & Thomas, "Inventory and Production Management
 *   in Supply Chains", 4th ed., §7.1): when the inventory position (on hand + on order) is at or below the
 *   reorder point s, order up to S; the order arrives `leadTimeDays` later, at the start of that day.
 * - s = max(⌈μ·L + z·σ·√L⌉, q), S = s + max(1, ⌈μ·C⌉), where μ and σ are the mean and standard deviation of
 *   daily demand in a window of `windowDays` centred on the day (the planner's forecast, taken as known: the
 *   shop's demand triples before Christmas, and a year-long mean would empty the shelves every autumn),
 *   recomputed every `reviewPolicyEveryDays`; L is the lead time, C the days of demand one replenishment
 *   covers, and q the `bulkQuantile` quantile of demand on the days the variant sold, over its whole life. The first term is the normal
 *   approximation of lead-time demand (Silver et al. §6.7); the floor q keeps a typical bulk day in stock, which
 *   the normal term misses for intermittent, lumpy demand (Syntetos & Boylan 2005 on why it fails there).
 * - Demand that exceeds the stock on hand is lost (the shop shows "sold out"); the sale itself stays in the
 *   order history because it happened. Restocked returns go back on the shelf on the day of the refund.
 * - The first day starts with S on hand and nothing on order.
 * Lumpy wholesale demand (one customer taking hundreds of units) is far from normal, so some variants do run out:
 * that is the point of a plausible stock history.
 */
import type { SandboxInventoryDay, SandboxInventoryLevel, SandboxLocation, SandboxVariant } from "./types";

export interface ReplenishmentPolicy {
  /** s: order when the inventory position falls to this level or below. */
  reorderPoint: number;
  /** S: order enough to bring the inventory position back to this level. */
  orderUpTo: number;
  leadTimeDays: number;
}

export interface PolicySettings {
  leadTimeDays: number;
  /** z of the normal service level for the reorder point (1.28 ≈ 90% cycle service). */
  serviceZ: number;
  /** Days of mean demand one replenishment order covers. */
  coverDays: number;
  /** Width of the demand window centred on each day that sets μ and σ. */
  windowDays: number;
  /** How often the policy is recomputed from the window. */
  reviewPolicyEveryDays: number;
  /** Quantile of the non-zero daily demands that the reorder point never falls below (0 turns the floor off). */
  bulkQuantile: number;
}

export const DEFAULT_POLICY_SETTINGS: PolicySettings = {
  leadTimeDays: 7,
  serviceZ: 1.64,
  coverDays: 28,
  windowDays: 56,
  reviewPolicyEveryDays: 7,
  bulkQuantile: 0.9,
};

/** The (s, S) policy for a variant whose daily demand was `dailyDemand` (see the module comment). */
export function policyFromDemand(
  dailyDemand: ArrayLike<number>,
  settings: PolicySettings = DEFAULT_POLICY_SETTINGS,
): ReplenishmentPolicy {
  const n = dailyDemand.length;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    sum += dailyDemand[i];
    sumSquares += dailyDemand[i] * dailyDemand[i];
  }
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0;
  const leadTime = settings.leadTimeDays;
  const normalPoint = Math.ceil(mean * leadTime + settings.serviceZ * Math.sqrt(variance * leadTime) - 1e-9);
  const reorderPoint = Math.max(normalPoint, bulkDay(dailyDemand, settings.bulkQuantile));
  const orderQuantity = Math.max(1, Math.ceil(mean * settings.coverDays - 1e-9));
  return { reorderPoint, orderUpTo: reorderPoint + orderQuantity, leadTimeDays: leadTime };
}

/** The type-7 (linear interpolation, R's default) `quantile` of the positive values, rounded up; 0 if none. */
function bulkDay(dailyDemand: ArrayLike<number>, quantile: number): number {
  if (quantile <= 0) return 0;
  const positive: number[] = [];
  for (let i = 0; i < dailyDemand.length; i++) if (dailyDemand[i] > 0) positive.push(dailyDemand[i]);
  if (positive.length === 0) return 0;
  positive.sort((a, b) => a - b);
  const h = (positive.length - 1) * quantile;
  const low = Math.floor(h);
  const high = Math.min(positive.length - 1, low + 1);
  return Math.ceil(positive[low] + (h - low) * (positive[high] - positive[low]) - 1e-9);
}

/**
 * The policy in force on each day: {@link policyFromDemand} over the window of `windowDays` centred on every
 * `reviewPolicyEveryDays`-th day, held until the next review; the bulk floor q comes from the whole series.
 */
export function policiesFromDemand(
  dailyDemand: ArrayLike<number>,
  settings: PolicySettings = DEFAULT_POLICY_SETTINGS,
): ReplenishmentPolicy[] {
  const days = dailyDemand.length;
  const floor = bulkDay(dailyDemand, settings.bulkQuantile);
  const windowSettings = { ...settings, bulkQuantile: 0 };
  const half = Math.floor(settings.windowDays / 2);
  const every = Math.max(1, settings.reviewPolicyEveryDays);
  const policies: ReplenishmentPolicy[] = new Array(days);
  let current: ReplenishmentPolicy | undefined;
  for (let day = 0; day < days; day++) {
    if (day % every === 0 || !current) {
      const start = Math.max(0, day - half);
      const end = Math.min(days, start + settings.windowDays);
      const window = Array.prototype.slice.call(
        dailyDemand,
        Math.max(0, end - settings.windowDays),
        end,
      ) as number[];
      const policy = policyFromDemand(window, windowSettings);
      const reorderPoint = Math.max(policy.reorderPoint, floor);
      current = { ...policy, reorderPoint, orderUpTo: policy.orderUpTo - policy.reorderPoint + reorderPoint };
    }
    policies[day] = current;
  }
  return policies;
}

export interface StockSimulation {
  /** End-of-day units available, one per day. */
  available: Int32Array;
  /** Units ordered but not yet received at the end of the last day. */
  onOrder: number;
  /** Days that ended with nothing available. */
  stockoutDays: number;
  /** Demand that found no stock. */
  lostUnits: number;
  /** Replenishment orders placed. */
  replenishments: number;
}

/**
 * Runs the policy (one for all days, or one per day) over `demand` (units wanted per day) with `restocked`
 * units coming back per day.
 * @example
 * simulateStock([3, 0, 5], { reorderPoint: 4, orderUpTo: 10, leadTimeDays: 2 }).available; // [7, 7, 2]
 */
export function simulateStock(
  demand: ArrayLike<number>,
  policyOrPolicies: ReplenishmentPolicy | readonly ReplenishmentPolicy[],
  restocked?: ArrayLike<number>,
): StockSimulation {
  const policyOn = (day: number): ReplenishmentPolicy =>
    Array.isArray(policyOrPolicies) ? policyOrPolicies[day] : (policyOrPolicies as ReplenishmentPolicy);
  const days = demand.length;
  const available = new Int32Array(days);
  // An order placed at the end of a day arrives at the start of a later day: a lead time of at least one day.
  let maxLeadTime = 1;
  for (let day = 0; day < days; day++) maxLeadTime = Math.max(maxLeadTime, policyOn(day).leadTimeDays);
  const arrivals = new Float64Array(days + maxLeadTime + 1);
  let onHand = days > 0 ? policyOn(0).orderUpTo : 0;
  let onOrder = 0;
  let stockoutDays = 0;
  let lostUnits = 0;
  let replenishments = 0;
  for (let day = 0; day < days; day++) {
    onHand += arrivals[day];
    onOrder -= arrivals[day];
    if (restocked) onHand += restocked[day];
    const wanted = demand[day];
    const sold = Math.min(wanted, onHand);
    lostUnits += wanted - sold;
    onHand -= sold;
    available[day] = onHand;
    if (onHand === 0) stockoutDays++;
    const position = onHand + onOrder;
    const policy = policyOn(day);
    if (position <= policy.reorderPoint) {
      const quantity = policy.orderUpTo - position;
      arrivals[day + Math.max(1, policy.leadTimeDays)] += quantity;
      onOrder += quantity;
      replenishments++;
    }
  }
  return { available, onOrder, stockoutDays, lostUnits, replenishments };
}

export interface StockedVariant {
  level: SandboxInventoryLevel;
  simulation: StockSimulation;
}

/**
 * Simulates one variant at one location from day `firstDay` (an index into `dayStrings`) to the last day,
 * appends its end-of-day history to `history`, and returns the current inventory level (available = on hand,
 * incoming = on order, nothing committed: every order in the data is already fulfilled).
 */
export function stockVariantAt(input: {
  variant: SandboxVariant;
  location: SandboxLocation;
  levelId: string;
  demand: ArrayLike<number>;
  restocked?: ArrayLike<number>;
  firstDay: number;
  dayStrings: readonly string[];
  settings: PolicySettings;
  updatedAt: string;
  history: SandboxInventoryDay[];
}): StockedVariant {
  const { variant, location, firstDay, dayStrings, history } = input;
  const demand = Array.prototype.slice.call(input.demand, firstDay) as number[];
  const restocked = input.restocked
    ? (Array.prototype.slice.call(input.restocked, firstDay) as number[])
    : undefined;
  const simulation = simulateStock(demand, policiesFromDemand(demand, input.settings), restocked);
  for (let i = 0; i < simulation.available.length; i++) {
    history.push({
      variantId: variant.id,
      locationId: location.id,
      day: dayStrings[firstDay + i],
      available: simulation.available[i],
    });
  }
  const onHand = simulation.available.length > 0 ? simulation.available[simulation.available.length - 1] : 0;
  const level: SandboxInventoryLevel = {
    id: input.levelId,
    location,
    quantities: [
      { name: "available", quantity: onHand },
      { name: "on_hand", quantity: onHand },
      { name: "committed", quantity: 0 },
      { name: "incoming", quantity: simulation.onOrder },
    ],
    updatedAt: input.updatedAt,
  };
  return { level, simulation };
}
