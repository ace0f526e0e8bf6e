/**
 * POST /webhooks for a plain Node HTTP server (express or node:http), without the Remix request pipeline: the
 * same checks and the same storage as the Remix route (inbox.server.ts acceptWebhook), read straight from the
 * socket. A server that mounts it before Remix (scripts/serve.ts) saves the Fetch API request and response
 * copies, most of the cost of a delivery.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { acceptWebhook, MAX_WEBHOOK_BYTES, type InboxAnswer, type InboxDeps } from "./inbox.server";

/** Reads the body up to the limit; null as soon as it passes it (a false Content-Length does not get past). */
function readLimited(req: IncomingMessage): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? "0") > MAX_WEBHOOK_BYTES) {
      req.resume();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.byteLength;
      if (size > MAX_WEBHOOK_BYTES) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => {
      if (!over) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.once("error", reject);
  });
}

function send(res: ServerResponse, { status, body }: InboxAnswer): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * A request listener for POST /webhooks (`deps` read on first use, so the environment is checked when a
 * delivery comes, as the Remix route does). Errors are answered 500, which Shopify retries.
 */
export function webhookListener(deps: () => InboxDeps | Promise<InboxDeps>) {
  let resolved: InboxDeps | undefined;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const raw = req.method === "POST" ? await readLimited(req) : new Uint8Array();
      resolved ??= await deps();
      const header = (name: string) => {
        const value = req.headers[name.toLowerCase()];
        return (Array.isArray(value) ? value[0] : value) ?? null;
      };
      send(res, await acceptWebhook({ method: req.method ?? "GET", header, raw }, resolved));
    } catch (error) {
      console.error(`webhook delivery failed: ${(error as Error).message}`);
      if (!res.headersSent) send(res, { status: 500, body: { error: "the delivery could not be stored" } });
      else res.destroy();
    }
  };
}
