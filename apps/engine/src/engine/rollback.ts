import type { Logger } from '@kavach/config';

export interface Rollback {
  /** Registers how to undo something that has just started. */
  readonly add: (undo: () => unknown) => void;
  /** Undoes everything registered, newest first; a failing step is logged, the rest still run. */
  readonly run: () => Promise<void>;
}

/**
 * What a failed start-up must release. A process that exits on the error would not care, but
 * an engine started inside a larger process must not leave its database, venue connection or
 * timers behind.
 */
export function createRollback(logger: Logger): Rollback {
  const steps: (() => unknown)[] = [];
  return {
    add: (undo) => {
      steps.push(undo);
    },
    run: async () => {
      for (const undo of steps.splice(0).reverse()) {
        try {
          await undo();
        } catch (error) {
          logger.warn({ error }, 'start-up not fully undone');
        }
      }
    },
  };
}
