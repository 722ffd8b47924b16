/*
 * The engine's entry point in production and tests: tsx's hooks registered in the main thread
 * (module.registerHooks) before the TypeScript entry is imported. `node --import tsx` would run
 * them in a loader worker thread, a second V8 isolate costing tens of MB of resident memory.
 */
import { register } from 'tsx/esm/api';

register();
await import('./src/main.ts');
