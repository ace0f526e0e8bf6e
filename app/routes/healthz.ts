/**
 * GET /healthz: the state of the database and the job queue, for load balancers and uptime checks.
 * 200 when Keel can serve, 503 with the failing part named when it cannot. Unauthenticated by design and
 * free of shop data.
 */
import { checkHealth } from "../health.server";

export async function loader() {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.status === "fail" ? 503 : 200,
    headers: { "Cache-Control": "no-store" },
  });
}
