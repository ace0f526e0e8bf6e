// The sandbox store in a process of its own, so that the benchmark's memory figure is the importer's alone.
// Prints one JSON line {origin, shopDomain, accessToken, lineItems} when ready; stops on stdin's end.
import { startSandbox } from "../../sandbox/index";
import { generateSyntheticStore } from "../../sandbox/store/index";

const orders = Number(process.argv[2]);
const store = generateSyntheticStore({ orders, seed: 42, asOf: new Date("2026-11-30T00:00:00Z") });
const sandbox = await startSandbox({ store, apiKey: "bench", apiSecret: "bench-secret", chunkSize: 2000 });
const lineItems = store.orders.reduce((sum, order) => sum + order.lineItems.length, 0);
process.stdout.write(
  `${JSON.stringify({ origin: sandbox.origin, shopDomain: sandbox.shopDomain, accessToken: sandbox.issueAccessToken(), lineItems, orders: store.orders.length })}\n`,
);
process.stdin.resume();
process.stdin.on("end", () => void sandbox.close().then(() => process.exit(0)));
