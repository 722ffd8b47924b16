import { writeSync } from 'node:fs';
import type { FailpointName } from '@kavach/config';

export type { FailpointName };

/** Called at each named crash point; returns only when that point is not the armed one. */
export type Failpoint = (name: FailpointName) => void;

/** Production code without ENGINE_FAILPOINT: every point passes. */
export const noFailpoint: Failpoint = () => undefined;

export interface FailpointEffects {
  /** Says which point fired, before the process is gone. */
  readonly report: (line: string) => void;
  /** Ends the process at once; never returns in production. */
  readonly kill: () => void;
}

/**
 * A real kill -9 of this process, nothing after it: no stop handler, no flush, no lease
 * release, so the restart sees exactly what a crash leaves. The line goes to stderr with a
 * synchronous write, since an asynchronous one to a pipe would die with the process.
 */
const processEffects: FailpointEffects = {
  report: (line) => {
    writeSync(2, `${line}\n`);
  },
  kill: () => {
    process.kill(process.pid, 'SIGKILL');
  },
};

/** The failpoint of an engine armed with ENGINE_FAILPOINT (or none). */
export function createFailpoint(
  armed: FailpointName | undefined,
  effects: FailpointEffects = processEffects,
): Failpoint {
  if (armed === undefined) return noFailpoint;
  return (name) => {
    if (name !== armed) return;
    effects.report(`failpoint ${name} hit`);
    effects.kill();
  };
}
