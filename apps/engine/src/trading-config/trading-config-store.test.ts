import { buildTradingConfig } from '@kavach/config';
import { describe, expect, it } from 'vitest';
import type { BuiltTradingConfig, StoredTradingConfig } from './trading-config-store';
import { chooseStartupConfig } from './trading-config-store';

function built(value: unknown): BuiltTradingConfig {
  const result = buildTradingConfig(value);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result;
}

const file = built({ risk: { maxOpenPositions: 5 } });
const edited = built({ risk: { maxOpenPositions: 2 } });

function stored(config: BuiltTradingConfig, basedOnFileSha: string): StoredTradingConfig {
  return {
    sha: config.sha,
    file: config.file,
    basedOnFileSha,
    storedBy: 'admin@example.com (admin)',
    storedAt: 1,
  };
}

describe('the trading config an engine starts on', () => {
  it('is the file when nothing was stored from the dashboard', () => {
    expect(chooseStartupConfig(file, null)).toMatchObject({
      source: 'FILE',
      built: { sha: file.sha },
    });
  });

  it('is the stored config while the file is the one it was stored against', () => {
    const choice = chooseStartupConfig(file, stored(edited, file.sha));
    expect(choice.source).toBe('STORED');
    expect(choice.built.sha).toBe(edited.sha);
    expect(choice.built.config.risk.maxOpenPositions).toBe(2);
  });

  it('is the file once the file changed after the config was stored (the newer edit wins)', () => {
    const newerFile = built({ risk: { maxOpenPositions: 4 } });
    const choice = chooseStartupConfig(newerFile, stored(edited, file.sha));
    expect(choice).toMatchObject({ source: 'FILE', built: { sha: newerFile.sha } });
    expect(choice.why).toContain('file changed');
  });

  it('is the file when the stored config no longer validates or builds to another SHA', () => {
    const broken = { ...stored(edited, file.sha), file: { ...edited.file, capitalRupees: -1 } };
    expect(chooseStartupConfig(file, broken)).toMatchObject({ source: 'FILE' });
    const drifted = { ...stored(edited, file.sha), sha: 'f'.repeat(64) };
    expect(chooseStartupConfig(file, drifted)).toMatchObject({ source: 'FILE' });
  });
});
