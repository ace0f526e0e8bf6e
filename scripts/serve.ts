/**
 * Serves the built app: POST /webhooks straight to the inbox, hashed assets cached for a year, public/ for an
 * hour, every other request to Remix. Used by `npm start` and the demo. Unlike remix-serve it never switches to
 * Remix's dev-server protocol, so it can run a production build with NODE_ENV=development (the demo's setting).
 */
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { shopifyEnv } from "../app/env.server";
import { webhookListener } from "../app/sync/webhooks/node-endpoint.server";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const build = (await import(pathToFileURL(resolve("build/server/index.js")).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
// Webhooks skip the Remix request pipeline, which costs more than the delivery's own work: the same checks and
// storage as app/routes/webhooks.tsx (which `npm run dev` serves), read from the socket (bench/ingest.bench.ts).
const webhooks = webhookListener(() => ({ secret: shopifyEnv().SHOPIFY_API_SECRET }));
app.post("/webhooks", (req, res) => void webhooks(req, res));
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));

const server = app.listen(port, host, () => console.log(`Keel is listening on http://${host}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
