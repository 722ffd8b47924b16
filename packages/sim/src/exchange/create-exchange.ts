import { istDate, nseCalendar2026 } from '@kavach/domain';
import { acceptPlacement } from './accept-order';
import { cancelOrder } from './cancel-order';
import { convertPosition } from './convert-position';
import type { CreateExchangeOptions, SimExchange } from './exchange-api';
import { resolveExchangeConfig } from './exchange-config';
import type { ExchangeContext } from './exchange-context';
import {
  captureExchange,
  checkExchangeSnapshot,
  restoreBooks,
  rollOverDay,
} from './exchange-snapshot';
import { createFaultQueue } from './fault-injection';
import { createLiquidityLedger } from './liquidity-ledger';
import { createMarketSession } from './market-session';
import { matchMarketUpdate } from './match-market-update';
import { modifyOrder } from './modify-order';
import { createIdSequence } from './order-ids';
import { createOrderUpdateHub } from './order-events';
import { computeOrderMargins } from './order-margins';
import { createOrderStore } from './order-store';
import { createPositionBook } from './position-book';
import { describePositions } from './position-record';
import { VETOES, vetoWith } from './rejection-messages';
import { computeCurrentMargins } from './required-margin';
import { expireDayOrders, openAmoOrders, runSquareOff } from './session-events';
import { validatePlacement } from './validate-placement';

export function createExchange(options: CreateExchangeOptions): SimExchange {
  const { market, clock, restore } = options;
  if (restore !== undefined) checkExchangeSnapshot(restore, options.userId);
  const context: ExchangeContext = {
    market,
    clock,
    config: resolveExchangeConfig(options.config),
    userId: options.userId,
    store: createOrderStore(),
    positions: createPositionBook(),
    ledger: createLiquidityLedger(restore?.liquidity),
    ids: createIdSequence(restore?.ids),
    hub: createOrderUpdateHub(),
    session: createMarketSession(options.calendar ?? nseCalendar2026),
    faults: createFaultQueue(),
    account: { funds: options.accountFunds, sequence: 0 },
    squaredOff: new Set(),
  };
  if (restore !== undefined) restoreBooks(context, restore);
  const unknownOrder = { ok: false, error: vetoWith(VETOES.unknownOrder) } as const;

  return {
    placeOrder: (request) => {
      const now = clock.now();
      const instrument = market.instrumentBySymbol(request.exchange, request.tradingsymbol);
      const validation = validatePlacement(request, {
        instrument,
        quote: instrument === undefined ? undefined : market.quote(instrument.token),
        marketOpen: context.session.isOpen(now),
        today: istDate(now),
      });
      if (!validation.ok) return validation;
      const orderId = acceptPlacement(context, validation.value, {
        placedBy: context.userId,
        checkMargin: true,
        applyFaults: true,
      });
      return { ok: true, orderId };
    },
    modifyOrder: (orderId, changes) => modifyOrder(context, orderId, changes),
    cancelOrder: (orderId) => cancelOrder(context, orderId),
    orders: () => [...context.store.all()].sort((a, b) => a.sequence - b.sequence),
    order: (orderId) => context.store.get(orderId),
    orderHistory: (orderId) =>
      context.store.get(orderId) === undefined
        ? unknownOrder
        : { ok: true, value: context.store.history(orderId) },
    trades: () => context.store.trades(),
    orderTrades: (orderId) =>
      context.store.get(orderId) === undefined
        ? unknownOrder
        : { ok: true, value: context.store.tradesOf(orderId) },
    positions: () => describePositions(context.positions.entries(), market),
    convertPosition: (request) => convertPosition(context, request),
    margins: () => computeCurrentMargins(context),
    orderMargins: (requests) => computeOrderMargins(context.config, market, requests),
    onMarketUpdate: (tokens) => {
      matchMarketUpdate(context, tokens);
    },
    runSquareOff: (now = clock.now()) => runSquareOff(context, now),
    runSessionOpen: (now = clock.now()) => openAmoOrders(context, now),
    runSessionClose: (now = clock.now()) => expireDayOrders(context, now),
    onClock: () => {
      const now = clock.now();
      openAmoOrders(context, now);
      runSquareOff(context, now);
      expireDayOrders(context, now);
    },
    setMarketStatus: (state) => {
      context.session.setOverride(state);
    },
    isMarketOpen: () => context.session.isOpen(clock.now()),
    injectRejection: (fault) => {
      context.faults.injectRejection(fault);
    },
    clearFaults: () => {
      context.faults.clear();
    },
    subscribe: (listener) => context.hub.subscribe(listener),
    snapshot: () => captureExchange(context),
    rollOverDay: () => rollOverDay(context),
    reset: (resetOptions) => {
      context.store.clear();
      context.positions.clear();
      context.ledger.clear();
      context.ids.reset();
      context.faults.clear();
      context.squaredOff.clear();
      context.account.funds = resetOptions?.accountFunds ?? options.accountFunds;
      context.account.sequence = 0;
    },
  };
}
