import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import { CALM_PORTFOLIO, CAPITAL, CONFIG, NIFTY_CE } from './can-enter.fixtures';
import { canEnter } from './can-enter';
import type { EntryApproval } from './can-enter';
import { applyRequestedSize } from './requested-size';

const STOP = paise(20_00);

function approved(): EntryApproval {
  const decision = canEnter(CONFIG, CALM_PORTFOLIO, STOP, NIFTY_CE, paise(100_00), CAPITAL);
  if (!decision.approved) throw new Error(`fixture not approved: ${decision.detail}`);
  return decision;
}

describe('applyRequestedSize', () => {
  it('takes a smaller whole-lot quantity, with its own risk and heat', () => {
    const gate = approved();
    const lot = NIFTY_CE.lotSize;
    expect(gate.lots).toBeGreaterThan(1);
    const sized = applyRequestedSize(gate, { kind: 'quantity', quantity: lot }, STOP, lot);
    expect(sized).toMatchObject({
      approved: true,
      quantity: lot,
      lots: 1,
      riskAmount: STOP * lot,
      heatAfter: gate.heatBefore + STOP * lot,
    });
  });

  it('refuses more than the limits allow, and quantities that are not whole lots', () => {
    const gate = approved();
    const lot = NIFTY_CE.lotSize;
    const tooMany = applyRequestedSize(
      gate,
      { kind: 'quantity', quantity: (gate.lots + 1) * lot },
      STOP,
      lot,
    );
    expect(tooMany).toMatchObject({ approved: false, reason: 'REQUESTED_SIZE' });
    expect(!tooMany.approved && tooMany.detail).toContain(`at most ${gate.quantity}`);
    const odd = applyRequestedSize(gate, { kind: 'quantity', quantity: lot + 1 }, STOP, lot);
    expect(!odd.approved && odd.detail).toContain('multiple of the lot size');
  });

  it('sizes a rupee risk in whole lots, refusing one too small for a lot', () => {
    const gate = approved();
    const lot = NIFTY_CE.lotSize;
    const lotRisk = STOP * lot;
    const sized = applyRequestedSize(
      gate,
      { kind: 'risk', riskAmount: paise(lotRisk + lotRisk / 2) },
      STOP,
      lot,
    );
    expect(sized).toMatchObject({ approved: true, lots: 1, quantity: lot });
    const tiny = applyRequestedSize(
      gate,
      { kind: 'risk', riskAmount: paise(lotRisk - 1) },
      STOP,
      lot,
    );
    expect(tiny).toMatchObject({ approved: false, reason: 'REQUESTED_SIZE' });
  });

  it('leaves a refusal by the gates as it was', () => {
    const refused = canEnter(
      CONFIG,
      { ...CALM_PORTFOLIO, tradingState: 'PAUSED' },
      STOP,
      NIFTY_CE,
      paise(100_00),
      CAPITAL,
    );
    expect(applyRequestedSize(refused, { kind: 'quantity', quantity: 75 }, STOP, 75)).toBe(refused);
  });
});
