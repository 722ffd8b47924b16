import type { AuditView } from '../../server/read-model/trade-story';
import { formatIstTime } from '../../lib/format';
import { KeyValues } from '../query-status';

/** The audit records under the id: who (a person or the engine) did what, with its payload. */
export function StoryAudit({ records }: { readonly records: readonly AuditView[] }) {
  if (records.length === 0) return <p className="text-sm text-zinc-500">No audit records.</p>;
  return (
    <ul className="space-y-2">
      {records.map((record) => (
        <li key={record.id}>
          <details>
            <summary className="flex min-h-11 cursor-pointer flex-wrap items-center gap-x-2 text-sm">
              <span className="font-mono text-xs text-zinc-500">{formatIstTime(record.at)}</span>
              <span className="font-semibold">{record.action}</span>
              <span className="text-zinc-400">
                by {record.actor} ({record.actorType.toLowerCase()})
              </span>
            </summary>
            <div className="pb-1 pl-2">
              <KeyValues
                entries={[
                  [
                    'entity',
                    record.entityId === null
                      ? record.entity
                      : `${record.entity} ${record.entityId}`,
                  ],
                  ...Object.entries(record.payload).map(([k, v]) => [k, String(v)] as const),
                ]}
              />
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
