/** CDNOW fit times: the 1/10th sample (2,357 customers) and the full master file (23,570 customers). */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { fitBgNbd } from "../../app/customers/model/bgnbd.ts";
import { fitGammaGamma } from "../../app/customers/model/gamma-gamma.ts";
import { summariseOrders } from "../../app/customers/model/summary.ts";
import type { Order } from "../../app/customers/model/types.ts";

/** Reads a CDNOW file (master or sample layout) as orders, one per transaction row. */
export async function readCdnow(path: string): Promise<Order[]> {
  const orders: Order[] = [];
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    const parts = line.trim().split(/\s+/);
    const [id, date, , dollars] = parts.length === 5 ? parts.slice(1) : parts;
    if (!/^\d{8}$/.test(date ?? "")) continue;
    const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
    orders.push({ customerId: id, orderedAtMs: ms, amount: Number(dollars) });
  }
  return orders;
}

function median(values: number[]): number {
  const s = [...values].sort((u, w) => u - w);
  return s[Math.floor(s.length / 2)];
}

export async function runCdnow(): Promise<void> {
  console.log("\n== CDNOW (39-week calibration ending 1997-09-30, weeks) ==");
  for (const file of ["CDNOW_sample.txt", "CDNOW_master.txt"]) {
    const orders = await readCdnow(new URL(`../../data/cdnow/${file}`, import.meta.url).pathname);
    const summary = summariseOrders(orders, { asOfMs: Date.UTC(1997, 8, 30), unit: "week" });
    if (!summary.ok) throw new Error(summary.reason);
    const bgTimes: number[] = [];
    const ggTimes: number[] = [];
    let line = "";
    for (let run = 0; run < 5; run++) {
      let t = performance.now();
      const bg = fitBgNbd(summary.customers);
      bgTimes.push(performance.now() - t);
      t = performance.now();
      const gg = fitGammaGamma(summary.customers);
      ggTimes.push(performance.now() - t);
      if (bg.ok && gg.ok) {
        const p = bg.params;
        line =
          `r ${p.r.toFixed(3)} α ${p.alpha.toFixed(3)} a ${p.a.toFixed(3)} b ${p.b.toFixed(3)} LL ${bg.logLikelihood.toFixed(1)}; ` +
          `p ${gg.params.p.toFixed(2)} q ${gg.params.q.toFixed(2)} v ${gg.params.v.toFixed(2)}`;
      }
    }
    console.log(
      `${file.padEnd(17)} ${summary.customers.length.toLocaleString("en").padStart(6)} customers  ` +
        `BG/NBD fit ${median(bgTimes).toFixed(1)} ms, Gamma-Gamma fit ${median(ggTimes).toFixed(1)} ms (median of 5)`,
    );
    console.log(`  ${line}`);
  }
}
