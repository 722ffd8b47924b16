import { createLogger } from '@kavach/config';
import { createOcoManager } from '../../src/oco/oco-manager';
import type { OcoManager, OcoManagerOptions } from '../../src/oco/oco-manager';
import type { OcoObserver } from '../../src/oco/oco-types';

/** An observer that listens to nothing. */
export const SILENT_OBSERVER: OcoObserver = {
  orderChanged: () => undefined,
  riskRaised: () => undefined,
  filled: () => undefined,
  groupChanged: () => undefined,
  protectionSent: () => undefined,
};

/** An OCO manager for tests: silent, MIS, 2 % market protection unless told otherwise. */
export function createTestOcoManager(
  options: Pick<OcoManagerOptions, 'prisma' | 'venues' | 'clock'> & Partial<OcoManagerOptions>,
): OcoManager {
  return createOcoManager({
    logger: createLogger('test', 'silent'),
    observer: SILENT_OBSERVER,
    product: 'MIS',
    marketProtection: 2,
    ...options,
  });
}
