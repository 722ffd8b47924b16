import type { StoryEvent, StoryEventKind } from '../../server/read-model/trade-story';
import { formatIstTime } from '../../lib/format';
import { Chip } from '../chip';
import type { ChipTone } from '../chip';

const KIND_TONE: Readonly<Record<StoryEventKind, ChipTone>> = {
  SIGNAL: 'info',
  DECISION: 'info',
  SLIPPAGE: 'muted',
  ORDER: 'muted',
  STATUS: 'muted',
  FILL: 'good',
  RISK: 'bad',
  TRADE: 'good',
  AUDIT: 'warn',
};

/** HH:MM:SS.mmm in IST: steps of one trade are often milliseconds apart. */
function timeOf(ms: number): string {
  return `${formatIstTime(ms)}.${String(((ms % 1_000) + 1_000) % 1_000).padStart(3, '0')}`;
}

/** Every step of the story in time order, each with what it was and what it said. */
export function StoryTimeline({ events }: { readonly events: readonly StoryEvent[] }) {
  return (
    <ol className="space-y-2" aria-label="Timeline">
      {events.map((event, index) => (
        <li key={`${event.at}-${index}`} className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2">
          <span className="pt-0.5 font-mono text-xs text-zinc-500">{timeOf(event.at)}</span>
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-1.5 text-sm">
              <Chip tone={KIND_TONE[event.kind]}>{event.kind}</Chip>
              <span className="break-words text-zinc-100">{event.title}</span>
            </div>
            {event.detail !== null && event.detail !== '' && (
              <p className="text-xs break-words text-zinc-400">{event.detail}</p>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
