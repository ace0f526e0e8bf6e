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

type Answer = unknown | ((variables: Record<string, unknown>) => unknown);

/**
 * Answers each operation by name with `answers[name]` as its `data` (or what the function makes of the
 * variables), and serves `files` (bulk results) as JSON lines, with GET.
 */
export async function startFakeAdminApi(
  answers: Record<string, Answer>,
  files: Record<string, string> = {},
): Promise<FakeAdminApi> {
  const requests: FakeAdminApi["requests"] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method === "GET") {
      const file = files[req.url ?? ""];
      res.writeHead(file === undefined ? 404 : 200, { "Content-Type": "application/jsonl" });
      res.end(file ?? "");
      return;
    }
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const { query, variables } = JSON.parse(raw) as { query: string; variables?: Record<string, unknown> };
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
      const answer = answers[operationName];
      res.end(JSON.stringify({ data: typeof answer === "function" ? answer(variables ?? {}) : answer }));
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
