// A separate Keel process attached to the embedded PostgreSQL, for the tests that need several processes:
// prints "ready <url>", leaves the server when it reads "release" on stdin.
import { startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";

const [dataDir, port] = process.argv.slice(2);
const handle = await startEmbeddedPostgres({ dataDir, port: Number(port) });
process.stdout.write(`ready ${handle.url}\n`);
process.stdin.on("data", (data) => {
  if (data.toString().includes("release")) {
    handle.release();
    process.stdout.write("released\n");
    process.exit(0);
  }
});
