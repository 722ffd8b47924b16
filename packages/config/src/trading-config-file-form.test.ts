import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildTradingConfig, loadTradingConfig } from './trading-config';

const shippedPath = fileURLToPath(new URL('../../../config/trading.yaml', import.meta.url));

describe('the file form of a parsed config', () => {
  it('has every default filled in and builds the same config again (same SHA)', async () => {
    const shipped = await loadTradingConfig(shippedPath);
    const sparse = buildTradingConfig({ risk: { maxOpenPositions: 3 } });
    for (const result of [shipped, sparse]) {
      if (!result.ok) throw new Error(result.errors.join('\n'));
      const again = buildTradingConfig(JSON.parse(JSON.stringify(result.file)));
      if (!again.ok) throw new Error(again.errors.join('\n'));
      expect(again.sha).toBe(result.sha);
      expect(again.file).toEqual(result.file);
    }
    if (!sparse.ok) throw new Error('parses');
    expect(sparse.file.risk.maxOpenPositions).toBe(3);
    expect(sparse.file.strategies.orb.enabled).toBe(true);
  });
});
