// A local stand-in for one shop's Admin GraphQL endpoint, for tests that need Shopify to answer. It refuses,
// as Shopify would, any document that does not validate against the real Admin schema.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse, validate } from "graphql";
import { adminSchema } from "./admin-schema";

export interface FakeAdminApi {
  origin: string;
  requests: { operationName: string | undefined; query: string; token: string | undefined }[];
  close(): Promise<void>;
}

/** Answers each operation by name with `answers[name]` as its `data`. */
export async function startFakeAdminApi(answers: Record<string, unknown>): Promise<FakeAdminApi> {
  const requests: FakeAdminApi["requests"] = [];
  const server: Server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const { query } = JSON.parse(raw) as { query: string };
    const document = parse(query);
    const operationName = document.definitions.find((d) => d.kind === "OperationDefinition")?.name?.value;
    requests.push({
      operationName,
      query,
      token: req.headers["x-shopify-access-token"] as string | undefined,
    });
    const errors = validate(adminSchema(), document);
    res.writeHead(200, { "Content-Type": "application/json" });
    if (errors.length > 0) {
      res.end(JSON.stringify({ errors: errors.map((e) => ({ message: e.message })) }));
    } else if (operationName && operationName in answers) {
      res.end(JSON.stringify({ data: answers[operationName] }));
    } else {
      res.end(JSON.stringify({ errors: [{ message: `no answer for ${operationName}` }] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
