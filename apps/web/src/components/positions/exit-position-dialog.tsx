'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SubmitEvent } from 'react';
import type { PositionView } from '../../server/read-model/positions';
import { formatPrice, formatRupees } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { Dialog } from '../dialog';
import { FormField } from '../form-field';

/**
 * The confirmation step of a position exit: it says exactly what will happen (which brackets,
 * what goes out at the market) before anything is sent, then shows each bracket's outcome.
 */
export function ExitPositionDialog({
  position,
  livePrice,
  onClose,
}: {
  readonly position: PositionView | null;
  readonly livePrice: number | null;
  readonly onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('exit from the dashboard');
  const exit = useMutation(
    trpc.positions.exit.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries(),
    }),
  );

  function close() {
    exit.reset();
    setReason('exit from the dashboard');
    onClose();
  }

  function confirm(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (position === null) return;
    exit.mutate({ groupIds: position.groups.map((g) => g.id), reason });
  }

  const symbol = position?.tradingSymbol ?? '';
  const quantity = Math.abs(position?.netQuantity ?? 0);
  const long = (position?.netQuantity ?? 0) > 0;
  const groups = position?.groups ?? [];
  const strategies = [...new Set(groups.map((g) => g.strategy ?? 'no strategy'))].join(', ');
  const outcomes = exit.data?.outcomes;
  return (
    <Dialog open={position !== null} title={`Exit ${symbol}`} onClose={close}>
      {outcomes === undefined ? (
        <form onSubmit={confirm} className="space-y-3">
          <p className="text-sm text-zinc-300">
            {long ? 'Sells' : 'Buys back'} <strong>{quantity}</strong> {symbol} at the market
            {livePrice !== null && (
              <>
                {' '}
                (last {formatPrice(livePrice)}, about {formatRupees(livePrice * quantity)})
              </>
            )}
            . Each of its <strong>{groups.length}</strong> bracket{groups.length === 1 ? '' : 's'} (
            {strategies}) has its stop turned into a market exit and its targets and any entry still
            working cancelled.
          </p>
          <p className="text-sm text-zinc-400">
            Trading stays as it is: other positions keep their brackets and new entries are not
            paused.
          </p>
          {groups.some((g) => g.linkedGroupId !== null) && (
            <p className="text-sm text-amber-300">
              Part of a hedged pair: a hedge is kept until its written leg is out.
            </p>
          )}
          <FormField
            label="Reason (kept in the audit log)"
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
            }}
            maxLength={500}
            required
          />
          {exit.error !== null && (
            <p role="alert" className="text-sm text-rose-400">
              {exit.error.message}
            </p>
          )}
          <div className="flex gap-2">
            <button
              type="button"
              onClick={close}
              className="min-h-11 flex-1 rounded-md border border-zinc-700 text-zinc-300"
            >
              Keep it
            </button>
            <button
              type="submit"
              disabled={exit.isPending || reason.trim() === '' || groups.length === 0}
              className="min-h-11 flex-1 rounded-md bg-red-600 font-bold text-white disabled:opacity-40"
            >
              {exit.isPending ? 'Exiting…' : `Exit ${symbol} now`}
            </button>
          </div>
        </form>
      ) : (
        <div className="space-y-3">
          <ul className="space-y-1 text-sm" aria-label="Outcome per bracket">
            {outcomes.map((outcome) => {
              const group = groups.find((g) => g.id === outcome.groupId);
              return (
                <li key={outcome.groupId} className="flex flex-wrap justify-between gap-2">
                  <span className="text-zinc-300">
                    {group?.strategy ?? 'bracket'} · {outcome.groupId.slice(0, 8)}
                  </span>
                  {outcome.ok ? (
                    <span className="text-emerald-400">{outcome.status}</span>
                  ) : (
                    <span className="text-rose-400">{outcome.message}</span>
                  )}
                </li>
              );
            })}
          </ul>
          <p className="text-sm text-zinc-400">
            The exits are on their way; the position leaves this page once the fills are in.
          </p>
          <button
            type="button"
            onClick={close}
            className="min-h-11 w-full rounded-md border border-zinc-700 text-zinc-200"
          >
            Close
          </button>
        </div>
      )}
    </Dialog>
  );
}
