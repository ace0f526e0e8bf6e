/**
 * The formats every store source shares: Shopify global ids, Money strings, and the shop's clock. Both
 * sources run their shop in Europe/London, whose UK rule (summer time from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October, The Summer Time Order 2002) is coded here so that the
 * build stays pure and does not depend on the host's time-zone data.
 */
import type { MoneyBag, MoneyV2 } from "./types";

export const MS_PER_DAY = 86_400_000;
export const MS_PER_HOUR = 3_600_000;

/** `gid://shopify/Type/N`, the Admin API's global id. */
export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** Minor units (pence, cents) as the Admin API's Money scalar: a decimal string with two decimals. */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${units}.${cents < 10 ? "0" : ""}${cents}`;
}

/** A decimal price string from the data (`"2.55"`, `"0.001"`) in minor units, rounded half away from zero. */
export function parseMinor(decimal: string): number {
  const value = Number(decimal) * 100;
  return Math.sign(value) * Math.round(Math.abs(value) + 1e-9);
}

export function money(minor: number, currencyCode: string): MoneyV2 {
  return { amount: formatMinor(minor), currencyCode };
}

/**
 * Shares identical money objects. Amounts repeat across hundreds of thousands of lines and orders, and the store
 * is built once and then only read, so shared objects are safe and keep a million-line store within a few
 * hundred MB: every MoneyV2 is shared, and bags of repeating amounts (unit prices, zeros, fees) too.
 */
export class MoneyBagCache {
  private readonly moneys = new Map<string, Map<number, MoneyV2>>();
  private readonly bags = new Map<string, Map<number, MoneyBag>>();

  /** The shared MoneyV2 of an amount. */
  money(minor: number, currencyCode: string): MoneyV2 {
    let byAmount = this.moneys.get(currencyCode);
    if (!byAmount) this.moneys.set(currencyCode, (byAmount = new Map()));
    let value = byAmount.get(minor);
    if (!value) byAmount.set(minor, (value = money(minor, currencyCode)));
    return value;
  }

  /** A new bag of shared MoneyV2s: for amounts that rarely repeat (order totals). */
  bag(
    shopMinor: number,
    shopCurrency: string,
    presentmentMinor = shopMinor,
    presentmentCurrency = shopCurrency,
  ): MoneyBag {
    const shopMoney = this.money(shopMinor, shopCurrency);
    return { shopMoney, presentmentMoney: this.money(presentmentMinor, presentmentCurrency) };
  }

  /** A shared bag: for amounts that repeat (unit prices, zeros, fees). */
  get(
    shopMinor: number,
    shopCurrency: string,
    presentmentMinor = shopMinor,
    presentmentCurrency = shopCurrency,
  ): MoneyBag {
    const pair =
      presentmentCurrency === shopCurrency ? shopCurrency : `${shopCurrency}/${presentmentCurrency}`;
    let bags = this.bags.get(pair);
    if (!bags) this.bags.set(pair, (bags = new Map()));
    // One number for both amounts (exact below 2^53): no string key to build on the hot path.
    const key = shopMinor * 4_294_967_296 + presentmentMinor;
    let bag = bags.get(key);
    if (!bag) bags.set(key, (bag = this.bag(shopMinor, shopCurrency, presentmentMinor, presentmentCurrency)));
    return bag;
  }
}

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = Date.UTC(year, monthIndex + 1, 0);
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * MS_PER_DAY;
}

/** Europe/London's offset from UTC in ms at the instant `utcMs`. */
export function londonOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const summerStart = lastSundayUtc(year, 2) + MS_PER_HOUR;
  const summerEnd = lastSundayUtc(year, 9) + MS_PER_HOUR;
  return utcMs >= summerStart && utcMs < summerEnd ? MS_PER_HOUR : 0;
}

/**
 * The UTC instant of a London wall-clock time given as ms since the epoch of the naive local time. In the
 * spring gap the later offset applies; in the autumn overlap the first (summer) reading wins.
 */
export function londonLocalToUtc(localMs: number): number {
  const summer = localMs - MS_PER_HOUR;
  return londonOffsetMs(summer) === MS_PER_HOUR ? summer : localMs;
}

/** The London calendar day (days since 1970-01-01) of the instant `utcMs`. */
export function londonDayNumber(utcMs: number): number {
  return Math.floor((utcMs + londonOffsetMs(utcMs)) / MS_PER_DAY);
}

/** `YYYY-MM-DD` of a day number (days since 1970-01-01). */
export function dayString(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO 8601 in UTC with seconds, as the Admin API prints DateTime (`2011-12-09T12:50:00Z`). */
export function isoTime(utcMs: number): string {
  return `${new Date(utcMs).toISOString().slice(0, 19)}Z`;
}
