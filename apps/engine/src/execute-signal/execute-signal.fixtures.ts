import { encodeInstrumentToken, paise } from '@kavach/domain';
import type { Instrument, OptionType, Paise, VirtualClock } from '@kavach/domain';
import type {
  EntryProgress,
  ExternalEntry,
  ExternalEntryOutcome,
  ExternalEntryRefusal,
  SignalIntake,
} from '../orchestrator/external-entry';

/** Test data and an in-memory SignalIntake for the execute-signal tests; imported only by tests. */

let nextExchangeToken = 70_000;

/** A NIFTY weekly option as Kite's master lists it: NFO, lot 75, tick 5 paise. */
export function niftyOption(strikeRupees: number, type: OptionType, expiry: string): Instrument {
  const exchangeToken = nextExchangeToken++;
  const yymmdd = expiry.slice(2).replaceAll('-', '');
  return {
    token: encodeInstrumentToken(exchangeToken, 'NFO'),
    exchangeToken,
    exchange: 'NFO',
    segment: 'NFO',
    tradingSymbol: `NIFTY${yymmdd}${strikeRupees}${type}`,
    name: 'NIFTY',
    type,
    tickSize: paise(5),
    lotSize: 75,
    freezeQuantity: 1800,
    expiry,
    strike: paise(strikeRupees * 100),
  };
}

/** Calls and puts of one expiry, every 50 rupees from `from` to `to` inclusive. */
export function niftyChain(expiry: string, from: number, to: number): Instrument[] {
  const chain: Instrument[] = [];
  for (let strike = from; strike <= to; strike += 50) {
    chain.push(niftyOption(strike, 'CE', expiry), niftyOption(strike, 'PE', expiry));
  }
  return chain;
}

export function symbolOf(strikeRupees: number, type: OptionType, expiry: string): string {
  return `NIFTY${expiry.slice(2).replaceAll('-', '')}${strikeRupees}${type}`;
}

/** What the fake answers for one leg; by default it is accepted and filled at its entry. */
export interface LegScript {
  readonly refusal?: { readonly code: ExternalEntryRefusal; readonly reason: string };
  /** Where the entry stands when awaitEntry returns; default FILLED in full at the entry. */
  readonly progress?: (entry: ExternalEntry, quantity: number) => Partial<EntryProgress>;
  /** How long awaitEntry takes on the fake clock. */
  readonly fillAfterMs?: number;
}

export interface FakeIntake extends SignalIntake {
  /** Every call in order, e.g. `submit NIFTY260330 24500CE`, `await g1`, `flatten g1`. */
  readonly calls: string[];
  readonly submitted: ExternalEntry[];
  readonly links: (readonly [string, string])[];
  readonly flattened: (readonly [string, string])[];
}

export interface FakeIntakeSetup {
  readonly master: readonly Instrument[];
  readonly clock: VirtualClock;
  /** Scripts by trading symbol. */
  readonly legs?: Readonly<Record<string, LegScript>>;
  /** Live prices by trading symbol; an instrument without one has no price. */
  readonly livePrices?: Readonly<Record<string, Paise>>;
  readonly flattenFails?: boolean;
}

/** An in-memory SignalIntake that records the order of every call. */
export function createFakeIntake(setup: FakeIntakeSetup): FakeIntake {
  const calls: string[] = [];
  const submitted: ExternalEntry[] = [];
  const links: (readonly [string, string])[] = [];
  const flattened: (readonly [string, string])[] = [];
  const groups = new Map<string, ExternalEntry>();
  const clock = setup.clock;

  return {
    calls,
    submitted,
    links,
    flattened,
    resolveInstrument: (exchange, tradingSymbol) =>
      setup.master.find((i) => i.exchange === exchange && i.tradingSymbol === tradingSymbol),
    instruments: () => setup.master,
    livePrice: (instrument) => {
      calls.push(`livePrice ${instrument.tradingSymbol}`);
      const price = setup.livePrices?.[instrument.tradingSymbol];
      return Promise.resolve(price === undefined ? null : { price, at: clock.now() });
    },
    submitEntry: (entry): Promise<ExternalEntryOutcome> => {
      calls.push(`submit ${entry.instrument.tradingSymbol}`);
      submitted.push(entry);
      const correlationId = entry.correlationId ?? `corr-${submitted.length}`;
      const refusal = setup.legs?.[entry.instrument.tradingSymbol]?.refusal;
      if (refusal !== undefined) {
        return Promise.resolve({
          ok: false,
          code: refusal.code,
          reason: refusal.reason,
          message: `refused: ${refusal.reason}`,
          signalId: 's',
          decisionId: 'd',
          correlationId,
        });
      }
      const groupId = `g${submitted.length}`;
      groups.set(groupId, entry);
      const quantity = entry.sizing.kind === 'quantity' ? entry.sizing.quantity : 0;
      return Promise.resolve({
        ok: true,
        signalId: `s${submitted.length}`,
        decisionId: `d${submitted.length}`,
        groupId,
        correlationId,
        quantity,
        sentPrice: entry.atMarket === true ? null : entry.entry,
        repriced: false,
      });
    },
    awaitEntry: (groupId) => {
      calls.push(`await ${groupId}`);
      const entry = groups.get(groupId);
      if (entry === undefined) return Promise.reject(new Error(`no group ${groupId}`));
      const quantity = entry.sizing.kind === 'quantity' ? entry.sizing.quantity : 0;
      const script = setup.legs?.[entry.instrument.tradingSymbol];
      clock.advance(script?.fillAfterMs ?? 40);
      const progress: EntryProgress = {
        groupId,
        status: 'FILLED',
        brokerOrderId: `order-${entry.instrument.tradingSymbol}`,
        filledQuantity: quantity,
        averagePrice: entry.entry,
        statusMessage: null,
        ...script?.progress?.(entry, quantity),
      };
      return Promise.resolve(progress);
    },
    linkHedge: (mainGroupId, hedgeGroupId) => {
      calls.push(`link ${mainGroupId} ${hedgeGroupId}`);
      links.push([mainGroupId, hedgeGroupId]);
      return Promise.resolve();
    },
    flattenGroup: (groupId, reason) => {
      calls.push(`flatten ${groupId}`);
      if (setup.flattenFails === true) return Promise.reject(new Error('broker down'));
      flattened.push([groupId, reason]);
      return Promise.resolve();
    },
    exitPositions: () => Promise.reject(new Error('execute-signal never exits by strategy')),
  };
}
