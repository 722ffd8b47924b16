import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

function issuesOf(source: Record<string, string | undefined>): readonly string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.issues;
    throw error;
  }
  return [];
}

describe('parseEnv', () => {
  it('gives the documented defaults for an empty environment', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      DATA_DIR: '.data',
      KITE_SIM_PORT: 8100,
      ENGINE_PORT: 8000,
      ENGINE_URL: 'http://127.0.0.1:8000',
      WEB_PORT: 3000,
      KITE_REDIRECT_URL: 'http://127.0.0.1:3000/api/kite/callback',
      TRADING_MODE: 'PAPER',
      ALLOW_LIVE: false,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('coerces ports and flags from strings', () => {
    const env = parseEnv({ ENGINE_PORT: '8010', ALLOW_LIVE: 'true', TRADING_MODE: 'LIVE' });
    expect(env.ENGINE_PORT).toBe(8010);
    expect(env.ALLOW_LIVE).toBe(true);
    expect(env.TRADING_MODE).toBe('LIVE');
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', REDIS_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('refuses LIVE without ALLOW_LIVE', () => {
    expect(issuesOf({ TRADING_MODE: 'LIVE' })).toEqual([
      'TRADING_MODE: LIVE requires ALLOW_LIVE=true',
    ]);
    expect(issuesOf({ TRADING_MODE: 'LIVE', ALLOW_LIVE: 'false' })).toHaveLength(1);
  });

  it('names every bad variable at once', () => {
    const issues = issuesOf({
      DATABASE_URL: 'mysql://x',
      ENGINE_PORT: '70000',
      TRADING_MODE: 'paper',
    });
    expect(issues.map((i) => i.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'ENGINE_PORT',
      'TRADING_MODE',
    ]);
  });

  it('requires admin credentials and telegram settings in pairs', () => {
    expect(issuesOf({ ADMIN_EMAIL: 'a@b.in' })).toEqual([
      'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    ]);
    expect(issuesOf({ TELEGRAM_CHAT_ID: '42' })).toEqual([
      'TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID must be set together',
    ]);
    expect(issuesOf({ ADMIN_EMAIL: 'a@b.in', ADMIN_PASSWORD: 'short' })[0]).toMatch(
      /^ADMIN_PASSWORD: /,
    );
  });

  it('accepts only a known failpoint name, and never with LIVE', () => {
    expect(parseEnv({}).ENGINE_FAILPOINT).toBeUndefined();
    expect(parseEnv({ ENGINE_FAILPOINT: 'flatten.midway' }).ENGINE_FAILPOINT).toBe(
      'flatten.midway',
    );
    expect(issuesOf({ ENGINE_FAILPOINT: 'oco.nowhere' })[0]).toMatch(/^ENGINE_FAILPOINT: /);
    expect(
      issuesOf({ ENGINE_FAILPOINT: 'eod.midway', TRADING_MODE: 'LIVE', ALLOW_LIVE: 'true' }),
    ).toEqual(['ENGINE_FAILPOINT: test-only, refused with TRADING_MODE=LIVE']);
  });

  it('reads TradingView webhook secrets per strategy and names a bad entry', () => {
    expect(
      parseEnv({ TRADINGVIEW_WEBHOOK_SECRETS: 'orb-15m:0123456789abcdef, trend:fedcba9876543210' })
        .TRADINGVIEW_WEBHOOK_SECRETS,
    ).toEqual({ 'orb-15m': '0123456789abcdef', trend: 'fedcba9876543210' });
    expect(parseEnv({}).TRADINGVIEW_WEBHOOK_SECRETS).toEqual({});
    expect(issuesOf({ TRADINGVIEW_WEBHOOK_SECRETS: 'orb:short' })).toEqual([
      'TRADINGVIEW_WEBHOOK_SECRETS: the secret of orb must be at least 16 characters',
    ]);
    expect(issuesOf({ TRADINGVIEW_WEBHOOK_SECRETS: 'no-colon' })[0]).toMatch(
      /^TRADINGVIEW_WEBHOOK_SECRETS: each entry must be strategyId:secret/,
    );
    expect(
      issuesOf({ TRADINGVIEW_WEBHOOK_SECRETS: 'a:0123456789abcdef,a:0123456789abcdef' }),
    ).toEqual(['TRADINGVIEW_WEBHOOK_SECRETS: strategy a is listed twice']);
  });
});
