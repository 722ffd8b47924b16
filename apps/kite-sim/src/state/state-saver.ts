import type { Logger } from 'pino';
import type { KiteSimSnapshot } from '../kite-sim';
import type { RecordedBarsSnapshot } from '../market/minute-bar-recorder';
import type { SimulatorSnapshot } from '../simulator';
import { changeKey, composeStateText } from './kite-sim-state';
import { writeStateFile } from './state-file';

/** Where the state comes from: the running app. */
export interface StateSource {
  readonly simulator: () => SimulatorSnapshot;
  readonly bars: () => RecordedBarsSnapshot;
  readonly facade: () => KiteSimSnapshot;
}

export interface StateSaverOptions {
  readonly file: string;
  readonly source: StateSource;
  readonly logger: Logger;
  /** Real ms between two checks for changes. */
  readonly intervalMs?: number;
  /**
   * Real ms the minute bars may go unsaved while running: a whole session's bars are megabytes,
   * so they are re-serialised at most this often (and always on stop). After a crash the
   * bars of the last interval are missing; the next bar after the restart spans the gap.
   */
  readonly barsIntervalMs?: number;
  /** Real ms after which the clock alone is reason to write (it moves when nothing else does). */
  readonly clockIntervalMs?: number;
  /** Wall-clock epoch ms (Date.now): savedAt and the intervals. */
  readonly wallNow?: () => number;
}

export interface StateSaver {
  /** Checks for changes every interval from now on. */
  readonly start: () => void;
  /** Writes the state if it changed (always when forced); true when it wrote. */
  readonly save: (force?: boolean) => Promise<boolean>;
  /**
   * No more periodic writes; waits for one under way and writes the final state. A failure is
   * logged, not thrown, so whatever stops after kite-sim still stops.
   */
  readonly stop: () => Promise<void>;
}

/**
 * Keeps the state file current: every few seconds when something changed, and on stop. Each
 * write replaces the file atomically. A failed periodic write is logged and tried again at the
 * next interval; the simulator keeps running.
 */
export function createStateSaver(options: StateSaverOptions): StateSaver {
  const { file, source, logger } = options;
  const wallNow = options.wallNow ?? Date.now;
  const barsIntervalMs = options.barsIntervalMs ?? 60_000;
  const clockIntervalMs = options.clockIntervalMs ?? 60_000;
  let lastKey: string | null = null;
  let lastWriteAt = -Infinity;
  let lastNow: number | null = null;
  let barsText: string | null = null;
  let barsAt = -Infinity;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const write = async (force: boolean): Promise<boolean> => {
    const simulator = source.simulator();
    const facade = source.facade();
    const key = changeKey(simulator, facade);
    const at = wallNow();
    const clockDue = simulator.now !== lastNow && at - lastWriteAt >= clockIntervalMs;
    if (!force && key === lastKey && !clockDue) return false;
    if (force || barsText === null || at - barsAt >= barsIntervalMs) {
      barsText = JSON.stringify(source.bars());
      barsAt = at;
    }
    const text = composeStateText({
      savedAt: new Date(at).toISOString(),
      simulator: JSON.stringify(simulator),
      bars: barsText,
      facade: JSON.stringify(facade),
    });
    await writeStateFile(file, text);
    lastKey = key;
    lastWriteAt = at;
    lastNow = simulator.now;
    return true;
  };

  const save = (force = false): Promise<boolean> => {
    const next = queue.then(() => write(force));
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    start: () => {
      if (timer !== null) return;
      timer = setInterval(() => {
        save().catch((error: unknown) => {
          logger.error({ err: error, file }, 'could not save the kite-sim state; trying again');
        });
      }, options.intervalMs ?? 5_000);
      timer.unref();
    },
    save,
    stop: async () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
      try {
        await save(true);
        logger.info({ file }, 'kite-sim state saved');
      } catch (error) {
        logger.error({ err: error, file }, 'could not save the kite-sim state on stop');
      }
    },
  };
}
