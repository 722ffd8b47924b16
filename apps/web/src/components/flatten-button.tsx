'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTRPC } from '../lib/trpc';
import { Dialog } from './dialog';

const OUTCOME_CLASS = {
  DONE: 'text-emerald-400',
  FAILED: 'text-rose-400',
  PENDING: 'text-amber-300',
} as const;

/**
 * The kill switch. A press opens a dialog that needs FLATTEN typed: no stray tap closes the
 * book. It then shows each order's outcome; the engine stays HALTED until a reset.
 */
export function FlattenButton({
  disabled,
  compact = false,
}: {
  readonly disabled: boolean;
  readonly compact?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const flatten = useMutation(
    trpc.control.flatten.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries(),
    }),
  );

  function confirm(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (typed !== 'FLATTEN') return;
    flatten.mutate({ reason: 'kill switch from the dashboard', confirm: 'FLATTEN' });
  }

  function close() {
    setOpen(false);
    setTyped('');
    flatten.reset();
  }

  const report = flatten.data;
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        onClick={() => {
          setOpen(true);
        }}
        className={`min-h-11 rounded-md bg-red-600 font-bold tracking-wide text-white uppercase shadow hover:bg-red-500 disabled:cursor-not-allowed disabled:opacity-50 ${compact ? 'flex-1 px-3' : 'px-5'}`}
        title={disabled ? 'Your role cannot flatten' : 'Cancel every order and exit every position'}
      >
        Flatten all
      </button>
      <Dialog open={open} title="Flatten everything" onClose={close}>
        {report === undefined ? (
          <form onSubmit={confirm} className="space-y-3">
            <p className="text-sm text-zinc-300">
              Cancels every working order and exits every open position at the market, then stops
              trading (HALTED) until someone resets it. Type <strong>FLATTEN</strong> to confirm.
            </p>
            <input
              aria-label="Type FLATTEN to confirm"
              value={typed}
              onChange={(e) => {
                setTyped(e.target.value);
              }}
              autoComplete="off"
              className="min-h-11 w-full rounded-md border border-zinc-700 bg-zinc-950 px-3 font-mono text-base uppercase"
            />
            {flatten.error !== null && (
              <p role="alert" className="text-sm text-rose-400">
                {flatten.error.message}
              </p>
            )}
            <div className="flex gap-2">
              <button
                type="submit"
                disabled={typed !== 'FLATTEN' || flatten.isPending}
                className="min-h-11 flex-1 rounded-md bg-red-600 font-bold text-white disabled:opacity-40"
              >
                {flatten.isPending ? 'Flattening… exits going out' : 'Flatten now'}
              </button>
              <button
                type="button"
                onClick={close}
                className="min-h-11 rounded-md border border-zinc-700 px-4"
              >
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div className="space-y-3" aria-live="polite">
            <p className={report.flat ? 'text-emerald-400' : 'text-amber-300'} role="status">
              {report.flat
                ? `Flat: every position is closed (${((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s). Trading is HALTED.`
                : `${report.remainingPositions} position(s) still open: check the orders below. Trading is HALTED.`}
            </p>
            <ul className="divide-y divide-zinc-800 text-sm" aria-label="Flatten outcome per order">
              {report.orders.map((order) => (
                <li key={order.clientOrderId} className="flex justify-between gap-2 py-1.5">
                  <span>
                    {order.action === 'EXIT' ? 'Exit' : 'Cancel'} {order.role} {order.tradingSymbol}{' '}
                    × {order.quantity}
                  </span>
                  <span className={OUTCOME_CLASS[order.outcome]}>
                    {order.outcome}
                    {order.message === null ? '' : `: ${order.message}`}
                  </span>
                </li>
              ))}
              {report.orders.length === 0 && <li className="py-1.5">Nothing was open.</li>}
            </ul>
            <button
              type="button"
              onClick={close}
              className="min-h-11 w-full rounded-md border border-zinc-700"
            >
              Close
            </button>
          </div>
        )}
      </Dialog>
    </>
  );
}
