import { tradingConfigFileSchema } from '@kavach/config';
import { z } from 'zod';

/** PUT /api/config/trading: the config as config/trading.yaml writes it, in JSON. */
export const tradingConfigPutBody = tradingConfigFileSchema;

const sha = z.string().regex(/^[0-9a-f]{64}$/);

/** GET /api/config/trading. */
export const tradingConfigGetResponse = z.object({
  sha: sha.describe('The config in force: the SHA every decision records.'),
  source: z.enum(['FILE', 'STORED']).describe('TRADING_CONFIG, or a config stored from the API.'),
  path: z.string(),
  fileSha: sha.describe("The SHA of the file's config at this start."),
  config: z.record(z.string(), z.unknown()).describe('The config in force, every default filled.'),
  pending: z
    .object({
      sha,
      config: z.record(z.string(), z.unknown()),
      storedBy: z.string(),
      storedAt: z.number(),
      appliesAt: z.literal('NEXT_START'),
    })
    .nullable()
    .describe('A config stored since the start, loaded at the next one.'),
});

/** PUT /api/config/trading, 200. */
export const tradingConfigPutResponse = z.object({
  ok: z.literal(true),
  sha: sha.describe('The SHA of the config stored.'),
  inForceSha: sha,
  changed: z.boolean().describe('False when it is the config in force.'),
  appliesAt: z.literal('NEXT_START'),
  message: z.string(),
});
