'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useEngineStatus } from '../../lib/use-engine-status';
import { useTRPC } from '../../lib/trpc';
import { Dialog } from '../dialog';
import { QueryStatus } from '../query-status';
import { Refusal } from './refusal';

/**
 * The phrase the engine's LIVE gate wants typed (LIVE_CONFIRMATION_PHRASE in
 * apps/engine/src/control/trading-mode.ts). The engine checks it: shown here, never trusted here.
 */
export const LIVE_PHRASE = 'I understand this trades real money';

/** PAPER ↔ LIVE through the engine's gate; every unmet condition of a refusal is listed. */
export function ModeSwitch() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useEngineStatus();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const setMode = useMutation(
    trpc.control.setMode.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        setTyped('');
      },
      onSettled: () => void queryClient.invalidateQueries(),
    }),
  );
  const data = status.data;
  if (data === undefined) return <QueryStatus error={status.error} />;
  const mode = data.mode.mode;
  const target = mode === 'LIVE' ? 'PAPER' : 'LIVE';

  function close() {
    setOpen(false);
    setTyped('');
    setMode.reset();
  }

  return (
    <div className="space-y-3">
      <p className="text-sm">
        Mode:{' '}
        <strong
          data-testid="trading-mode"
          className={mode === 'LIVE' ? 'text-red-300' : 'text-sky-300'}
        >
          {mode}
        </strong>
        <span className="text-zinc-400">
          {mode === 'LIVE'
            ? ' — orders go to Zerodha with real money.'
            : ' — orders go to the paper broker or the simulator; nothing reaches Zerodha.'}
        </span>
      </p>
      <button
        type="button"
        onClick={() => {
          setMode.reset();
          setOpen(true);
        }}
        className={`min-h-11 rounded-md px-4 font-semibold ${target === 'LIVE' ? 'bg-red-700 text-white' : 'border border-sky-700 text-sky-200'}`}
      >
        Switch to {target}…
      </button>
      {!open && <Refusal error={setMode.error} />}
      <Dialog open={open} title={`Switch to ${target}`} onClose={close}>
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            setMode.mutate({ mode: target, confirmation: target === 'LIVE' ? typed : null });
          }}
        >
          {target === 'LIVE' ? (
            <>
              <p className="text-sm text-zinc-300">
                LIVE sends orders to Zerodha. The engine allows it only with ALLOW_LIVE=true, a
                valid Kite session, a clean reconciliation, no open positions or working orders, and
                this phrase typed exactly:
              </p>
              <p className="rounded bg-zinc-950 p-2 font-mono text-sm text-red-200 select-all">
                {LIVE_PHRASE}
              </p>
              <input
                aria-label="Type the confirmation phrase"
                value={typed}
                onChange={(e) => {
                  setTyped(e.target.value);
                }}
                autoComplete="off"
                className="min-h-11 w-full rounded-md border border-zinc-700 bg-zinc-950 px-3 text-base"
              />
            </>
          ) : (
            <p className="text-sm text-zinc-300">
              PAPER: new orders stop going to Zerodha. The account must be flat (no positions, no
              working orders).
            </p>
          )}
          <Refusal error={setMode.error} />
          <div className="flex gap-2">
            <button
              type="submit"
              disabled={setMode.isPending || (target === 'LIVE' && typed.trim() === '')}
              className={`min-h-11 flex-1 rounded-md font-semibold text-white disabled:opacity-40 ${target === 'LIVE' ? 'bg-red-700' : 'bg-sky-700'}`}
            >
              {setMode.isPending ? 'Asking the engine…' : `Switch to ${target}`}
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
      </Dialog>
    </div>
  );
}
