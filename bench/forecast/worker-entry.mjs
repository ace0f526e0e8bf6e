// Worker threads do not inherit tsx's loader: register it, then run the TypeScript worker (as bin/keel.mjs does).
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
