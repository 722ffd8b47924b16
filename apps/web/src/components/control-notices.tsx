'use client';

import { describeControlNotice } from '../lib/control-notice';
import { useLive } from '../lib/live';

/**
 * Control actions as they happen, from any browser on any web process ("Paused by Asha at …"):
 * under the header for half a minute, or until dismissed.
 */
export function ControlNotices() {
  const { notices, dismissNotice } = useLive();
  return (
    <div role="status" aria-live="polite" aria-label="Control actions">
      {notices.map((notice) => (
        <div
          key={notice.id}
          data-testid="control-notice"
          className={`border-b ${
            notice.outcome.ok
              ? 'border-sky-900 bg-sky-950 text-sky-100'
              : 'border-amber-900 bg-amber-950 text-amber-100'
          }`}
        >
          <div className="mx-auto flex max-w-7xl items-center gap-x-3 px-3">
            <span className="flex-1 py-2 text-sm" title={notice.by.email}>
              {describeControlNotice(notice)}
            </span>
            <button
              type="button"
              onClick={() => {
                dismissNotice(notice.id);
              }}
              aria-label="Dismiss notice"
              className="min-h-11 px-2 text-sm text-zinc-300 hover:text-white"
            >
              ✕
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
