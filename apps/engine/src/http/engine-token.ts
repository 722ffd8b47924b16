import { ENGINE_TOKEN_FILE, resolveSecret } from '@kavach/config';

export { ENGINE_TOKEN_FILE };

export interface ResolvedEngineToken {
  readonly token: string;
  /** env: ENGINE_API_TOKEN; generated: written now; stored: read from an earlier start. */
  readonly source: 'env' | 'generated' | 'stored';
  /** The token file, when one is used: log this, never the token. */
  readonly path: string | null;
}

/**
 * The engine API token: ENGINE_API_TOKEN when set; otherwise a random one kept in
 * `<dataDir>/engine-api-token` (mode 0600), created on the first start and reused after, so
 * the dashboard on the same machine can read it and restarts do not log anyone out.
 */
export async function resolveEngineToken(options: {
  readonly envToken: string | undefined;
  readonly dataDir: string;
}): Promise<ResolvedEngineToken> {
  const resolved = await resolveSecret({
    name: 'ENGINE_API_TOKEN',
    envValue: options.envToken,
    dataDir: options.dataDir,
    file: ENGINE_TOKEN_FILE,
    kind: 'token',
  });
  return { token: resolved.value, source: resolved.source, path: resolved.path };
}
