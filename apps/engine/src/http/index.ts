export { type EngineServer, type EngineServerDeps, buildEngineServer } from './engine-server';
export type { ControlResult, EngineApi, PostbackResult } from './engine-api';
export { type ResolvedEngineToken, resolveEngineToken } from './engine-token';
