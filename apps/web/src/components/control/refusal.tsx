'use client';

import type { ClientError } from '../../lib/app-error';
import { detailsOf } from '../../lib/app-error';

/** A refused action: the message, then every field or condition the server named. */
export function Refusal({ error }: { readonly error: ClientError | null }) {
  if (error === null) return null;
  const { issues = [], unmet = [] } = detailsOf(error);
  return (
    <div role="alert" className="space-y-1 text-sm text-rose-400">
      <p>{error.message}</p>
      {issues.length + unmet.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5">
          {issues.map((issue) => (
            <li key={`i:${issue.path}:${issue.message}`}>
              <span className="font-mono text-rose-300">{issue.path}</span>: {issue.message}
            </li>
          ))}
          {unmet.map((condition) => (
            <li key={`u:${condition.code}`}>
              <span className="font-mono text-rose-300">{condition.code}</span>: {condition.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
