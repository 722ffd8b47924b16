'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useEngineStatus } from '../lib/use-engine-status';
import { useMe } from '../lib/use-me';
import { useTRPC } from '../lib/trpc';
import { Dialog } from './dialog';
import { FlattenButton } from './flatten-button';

/** Pause / resume, reset after a kill switch, and the flatten button: always in reach. */
export function TradingControls({ compact = false }: { readonly compact?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useEngineStatus();
  const { canTrade } = useMe();
  const [resetOpen, setResetOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const refresh = { onSettled: () => void queryClient.invalidateQueries() };
  const pause = useMutation(trpc.control.pause.mutationOptions(refresh));
  const resume = useMutation(trpc.control.resume.mutationOptions(refresh));
  const reset = useMutation(trpc.control.reset.mutationOptions(refresh));
  const state = status.data?.trading.state;
  const busy = pause.isPending || resume.isPending;
  const error = pause.error ?? resume.error;

  const button =
    'min-h-11 rounded-md border px-4 font-medium disabled:cursor-not-allowed disabled:opacity-50';
  return (
    <div className={`flex items-center gap-2 ${compact ? 'w-full' : ''}`}>
      {state === 'HALTED' ? (
        <button
          type="button"
          disabled={!canTrade}
          onClick={() => {
            setResetOpen(true);
          }}
          className={`${button} border-amber-500 text-amber-300 ${compact ? 'flex-1' : ''}`}
        >
          Reset
        </button>
      ) : state === 'PAUSED' ? (
        <button
          type="button"
          disabled={!canTrade || busy}
          onClick={() => {
            resume.mutate({ reason: 'resumed from the dashboard' });
          }}
          className={`${button} border-emerald-600 text-emerald-300 ${compact ? 'flex-1' : ''}`}
        >
          Resume
        </button>
      ) : (
        <button
          type="button"
          disabled={!canTrade || busy || state === undefined}
          onClick={() => {
            pause.mutate({ reason: 'paused from the dashboard' });
          }}
          className={`${button} border-zinc-600 text-zinc-200 ${compact ? 'flex-1' : ''}`}
        >
          Pause
        </button>
      )}
      <FlattenButton disabled={!canTrade} compact={compact} />
      {error !== null && (
        <span role="alert" className="sr-only">
          {error.message}
        </span>
      )}
      <Dialog
        open={resetOpen}
        title="Reset after the kill switch"
        onClose={() => {
          setResetOpen(false);
          setTyped('');
        }}
      >
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (typed !== 'RESET') return;
            reset.mutate(
              { confirmation: 'RESET' },
              {
                onSuccess: () => {
                  setResetOpen(false);
                  setTyped('');
                },
              },
            );
          }}
        >
          <p className="text-sm text-zinc-300">
            Trading goes from HALTED to PAUSED: nothing is entered until someone resumes. Type{' '}
            <strong>RESET</strong> once you have checked the positions.
          </p>
          <input
            aria-label="Type RESET to confirm"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
            }}
            autoComplete="off"
            className="min-h-11 w-full rounded-md border border-zinc-700 bg-zinc-950 px-3 font-mono uppercase"
          />
          {reset.error !== null && (
            <p role="alert" className="text-sm text-rose-400">
              {reset.error.message}
            </p>
          )}
          <button
            type="submit"
            disabled={typed !== 'RESET' || reset.isPending}
            className="min-h-11 w-full rounded-md bg-amber-600 font-medium text-white disabled:opacity-40"
          >
            Reset to PAUSED
          </button>
        </form>
      </Dialog>
    </div>
  );
}
