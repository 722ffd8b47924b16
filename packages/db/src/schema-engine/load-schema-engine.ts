import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type SchemaEngineClass = typeof SchemaEngine;

// @types/node declares only part of the WebAssembly namespace (no lib.dom here): the slice used.
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let engineClass: Promise<SchemaEngineClass> | undefined;

/**
 * The WebAssembly schema engine (the same build the Prisma 7.10 CLI ships). Its package entry
 * imports the .wasm as an ES module, which Node cannot do, so the module is instantiated here
 * against the generated bindings, the way Prisma's own loader does. wasm-bindgen keeps one
 * instance per bindings module: instantiate once per process.
 */
export function loadSchemaEngine(): Promise<SchemaEngineClass> {
  engineClass ??= instantiateSchemaEngine();
  return engineClass;
}

async function instantiateSchemaEngine(): Promise<SchemaEngineClass> {
  const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const bindingsPath = createRequire(import.meta.url).resolve(
    '@prisma/schema-engine-wasm/schema_engine_bg',
  );
  const wasm = await readFile(bindingsPath.replace(/\.js$/, '.wasm'));
  const { instance } = await wasmApi.instantiate(wasm, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start !== 'function') throw new Error('schema engine: __wbindgen_start is missing');
  (start as () => void)();
  return bindings.SchemaEngine;
}
