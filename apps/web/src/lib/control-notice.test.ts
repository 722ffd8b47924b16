import { describe, expect, it } from 'vitest';
import type { ControlNotice } from '../server/realtime/socket-events';
import { describeControlNotice } from './control-notice';

const AT = Date.parse('2026-11-23T05:01:02Z'); // 10:31:02 IST

function notice(overrides: Partial<ControlNotice>): ControlNotice {
  return {
    id: 'n1',
    action: 'PAUSE',
    by: { id: 'u1', name: 'Asha', email: 'asha@example.com', role: 'trader' },
    at: AT,
    reason: null,
    requestedMode: null,
    outcome: { ok: true, tradingState: 'PAUSED', mode: null, flat: null, remainingPositions: null },
    ...overrides,
  };
}

describe('describeControlNotice', () => {
  it('names who did what and when, in IST, with the reason', () => {
    expect(describeControlNotice(notice({ reason: 'coffee' }))).toBe(
      'Paused by Asha at 10:31:02 IST — coffee',
    );
    expect(describeControlNotice(notice({ action: 'RESUME' }))).toBe(
      'Resumed by Asha at 10:31:02 IST',
    );
  });

  it('says whether the kill switch left anything open', () => {
    const flat = {
      ok: true as const,
      tradingState: 'HALTED',
      mode: null,
      flat: true,
      remainingPositions: 0,
    };
    expect(describeControlNotice(notice({ action: 'FLATTEN', outcome: flat }))).toBe(
      'Flattened by Asha at 10:31:02 IST: flat, HALTED until reset',
    );
    expect(
      describeControlNotice(
        notice({ action: 'FLATTEN', outcome: { ...flat, flat: false, remainingPositions: 2 } }),
      ),
    ).toBe('Flattened by Asha at 10:31:02 IST: 2 positions still open, HALTED');
  });

  it('tells a refusal with the engine’s reason', () => {
    expect(
      describeControlNotice(
        notice({
          action: 'MODE',
          requestedMode: 'LIVE',
          outcome: { ok: false, code: 'LIVE_GATE', message: 'no valid Kite session' },
        }),
      ),
    ).toBe('Switch to LIVE by Asha at 10:31:02 IST refused: no valid Kite session (LIVE_GATE)');
  });

  it('falls back to the e-mail address for a user without a name', () => {
    const by = { id: 'u2', name: ' ', email: 'ravi@example.com', role: 'admin' as const };
    const mode = {
      ok: true as const,
      tradingState: null,
      mode: 'PAPER',
      flat: null,
      remainingPositions: null,
    };
    expect(describeControlNotice(notice({ action: 'MODE', by, outcome: mode }))).toBe(
      'Mode set to PAPER by ravi@example.com at 10:31:02 IST',
    );
  });
});
