'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Card, Stat } from '../../../components/card';
import { ExitPositionDialog } from '../../../components/positions/exit-position-dialog';
import { PositionCard } from '../../../components/positions/position-card';
import { QueryStatus } from '../../../components/query-status';
import { formatPnl, formatRupees, pnlClass } from '../../../lib/format';
import { useLive } from '../../../lib/live';
import { livePrice, liveUnrealised } from '../../../lib/live-pnl';
import { useTRPC } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import type { PositionView } from '../../../server/read-model/positions';

export default function PositionsPage() {
  const trpc = useTRPC();
  const list = useQuery(trpc.positions.list.queryOptions());
  const { ticks, watch } = useLive();
  const { canTrade } = useMe();
  // A snapshot: the dialog keeps describing the position even after it leaves the list.
  const [exiting, setExiting] = useState<PositionView | null>(null);

  const positions = list.data?.positions;
  const tokenKey = (positions ?? []).map((p) => p.token).join(',');
  useEffect(() => {
    watch(tokenKey === '' ? [] : tokenKey.split(',').map(Number));
  }, [tokenKey, watch]);

  if (positions === undefined) return <QueryStatus error={list.error} />;

  const unrealised = positions.reduce((sum, p) => sum + liveUnrealised(p, ticks), 0);
  const risk = positions.reduce((sum, p) => sum + p.risk, 0);
  return (
    <div className="space-y-3">
      <Card title="Open positions">
        <div className="grid grid-cols-3 gap-3">
          <Stat
            label="Unrealised"
            value={formatPnl(unrealised)}
            valueClass={pnlClass(unrealised)}
            testId="positions-unrealised"
          />
          <Stat label="Open risk" value={formatRupees(risk)} />
          <Stat label="Positions" value={String(positions.length)} />
        </div>
        {list.isError && (
          <p role="alert" className="mt-2 text-sm text-amber-300">
            Not refreshed: {list.error.message}
          </p>
        )}
      </Card>

      {positions.length === 0 ? (
        <p className="text-sm text-zinc-500">No open positions.</p>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {positions.map((position) => (
            <PositionCard
              key={position.id}
              position={position}
              livePrice={livePrice(position, ticks)}
              livePnl={liveUnrealised(position, ticks)}
              canTrade={canTrade}
              onExit={() => {
                setExiting(position);
              }}
            />
          ))}
        </div>
      )}

      <ExitPositionDialog
        position={exiting}
        livePrice={exiting === null ? null : livePrice(exiting, ticks)}
        onClose={() => {
          setExiting(null);
        }}
      />
    </div>
  );
}
