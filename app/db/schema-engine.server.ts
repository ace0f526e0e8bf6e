/**
 * Prisma's schema engine (migrations) run offline from its WebAssembly build on npm.
 *
 * The stock `prisma migrate` downloads a native engine from Prisma's own host, which is unreachable here, in CI
 * and on many locked-down build machines (docs/decisions/0002-offline-migrations.md). The same engine ships as
 * `@prisma/schema-engine-wasm`; it talks to PostgreSQL through a driver adapter we hand it. Migration folders
 * stay ordinary Prisma folders, so `prisma migrate deploy` agrees with them wherever it can run.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import pg from "pg";

type WasmModule = typeof import("@prisma/schema-engine-wasm");
export type SchemaEngine = WasmModule["SchemaEngine"]["prototype"];

let wasmModule: Promise<WasmModule> | undefined;

/** Instantiates the engine's WebAssembly by hand: Node 20 cannot import `.wasm` as an ES module. */
function loadWasm(): Promise<WasmModule> {
  wasmModule ??= (async () => {
    // The engine reports Rust panics through this global; without it a panic is an opaque "unreachable".
    const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    globals.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
      },
    };
    const bindings =
      (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as WasmModule & {
        __wbg_set_wasm(exports: WebAssembly.Exports): void;
      };
    const require = createRequire(import.meta.url);
    const wasmPath = require
      .resolve("@prisma/schema-engine-wasm")
      .replace(/schema_engine\.js$/, "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
      "./schema_engine_bg.js": unrefTimers(bindings as unknown as WebAssembly.ModuleImports),
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bindings;
  })();
  return wasmModule;
}

let lastPanic: string | undefined;

/**
 * The engine arms 10-second timers (timeouts around its own connection work) that outlive every call and would
 * keep a finished command such as `keel status` waiting for them before exiting; they need not hold the process.
 */
function unrefTimers(imports: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const wrapped = { ...imports };
  for (const [name, value] of Object.entries(imports)) {
    if (name.startsWith("__wbg_setTimeout") && typeof value === "function") {
      wrapped[name] = (...args: unknown[]) => {
        const timer: unknown = value(...args);
        (timer as { unref?: () => void })?.unref?.();
        return timer;
      };
    }
  }
  return wrapped;
}

/** Connection fields from a URL: the pg adapter's shadow database reuses a connection *string* whole, so pass fields. */
export function connectionFields(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname) || "localhost",
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || undefined,
    max: 2,
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type QueryIo = (query: object) => Promise<{ fields: { dataTypeID: number }[] }>;
type QueryRaw = (query: object) => Promise<{ columnTypes: number[] }>;

/**
 * The engine's catalog queries return PostgreSQL's internal one-byte `"char"` type (OID 18), which the pg
 * adapter refuses to decode. pg hands the value over as a string already, so the column is read as text and
 * then reported to the engine as the Character type it expects.
 */
function decodeInternalChar(adapter: PgAdapter): PgAdapter {
  const charColumns = new WeakMap<object, number[]>();
  const patched = adapter as unknown as { performIO: QueryIo; queryRaw: QueryRaw };
  const performIO = patched.performIO.bind(adapter);
  const queryRaw = patched.queryRaw.bind(adapter);
  patched.performIO = async (query) => {
    const result = await performIO(query);
    const columns: number[] = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        columns.push(index);
      }
    });
    if (columns.length > 0) charColumns.set(query, columns);
    return result;
  };
  patched.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(query) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return adapter;
}

/**
 * The pg adapter runs a migration script by splitting it on every ";", which cuts a function body
 * (`$$ … ; … $$`) apart. PostgreSQL's simple query protocol takes the whole script at once, as Prisma's own
 * CLI sends it, and runs it as one implicit transaction.
 */
function wholeScripts(adapter: PgAdapter): PgAdapter {
  const patched = adapter as unknown as {
    client: { query(text: string): Promise<unknown> };
    executeScript(script: string): Promise<void>;
    onError(error: unknown): never;
  };
  patched.executeScript = async (script) => {
    try {
      await patched.client.query(script);
    } catch (error) {
      patched.onError(error);
    }
  };
  return adapter;
}

/**
 * The pg adapter drops its shadow database before closing the pool that still uses it, which PostgreSQL refuses.
 * This factory closes first, then drops with FORCE.
 */
class ShadowSafePg extends PrismaPg {
  constructor(private readonly fields: pg.PoolConfig) {
    super(fields);
  }

  /** The engine does not close the connections it asks for: we do, when the engine is done. */
  private readonly opened: PgAdapter[] = [];

  override async connect() {
    const adapter = wholeScripts(decodeInternalChar(await super.connect()));
    this.opened.push(adapter);
    return adapter;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.opened.splice(0).map((adapter) => adapter.dispose().catch(() => {})));
  }

  override async connectToShadowDb() {
    const database = `keel_shadow_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ ...this.fields });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${database}"`);
    } finally {
      await admin.end();
    }
    const adapter = wholeScripts(
      decodeInternalChar(await new PrismaPg({ ...this.fields, database }).connect()),
    );
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const dropper = new pg.Client({ ...this.fields });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    };
    return adapter;
  }
}

/** Runs `work` with an engine connected to `url` and the given schema, and frees it afterwards. */
export async function withSchemaEngine<T>(
  url: string,
  schema: { path: string; content: string },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const wasm = await loadWasm();
  const pgFactory = new ShadowSafePg(connectionFields(url));
  const factory = bindMigrationAwareSqlAdapterFactory(pgFactory);
  const engine = await wasm.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    factory,
  );
  try {
    return await work(engine);
  } catch (error) {
    throw new SchemaEngineError(describeEngineError(error));
  } finally {
    engine.free();
    await pgFactory.closeAll();
  }
}

export class SchemaEngineError extends Error {
  override name = "SchemaEngineError";
}

function describeEngineError(error: unknown): string {
  if (lastPanic) return `the schema engine panicked: ${lastPanic}`;
  const text = error instanceof Error ? error.message : String(error);
  // The engine appends a Rust span trace ("   0: schema_engine_wasm::..."); the first lines are the message.
  return text.split(/\n\s+0: /)[0].trim();
}
