import type { Logger } from '@kavach/config';
import { type PrismaClient, appendAudit } from '@kavach/db';
import type { Clock } from '@kavach/domain';
import type { ExitPositionResult } from '../http/engine-api';
import type { OcoManager } from '../oco/oco-manager';
import type { SignalIntake } from '../orchestrator/external-entry';
import type { Actor } from './ports';

export interface PositionExitDeps {
  readonly oco: Pick<OcoManager, 'groups'>;
  readonly intake: Pick<SignalIntake, 'flattenGroup'>;
  /** Hedge group id → the main group it protects. */
  readonly hedges: ReadonlyMap<string, string>;
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * A person exits one bracket (the dashboard's per-position Exit): the group's working orders
 * are cancelled and what it holds leaves at the market, as the kill switch does for all of
 * them, while trading stays ACTIVE. A hedge is refused while its main leg is open: the written
 * leg must never be left without it (exiting the main leg releases its hedge).
 */
export function createPositionExit(deps: PositionExitDeps) {
  return async (actor: Actor, groupId: string, reason: string): Promise<ExitPositionResult> => {
    const managed = deps.oco.groups().find((g) => g.id === groupId);
    if (managed === undefined) {
      return {
        ok: false,
        code: 'GROUP_NOT_FOUND',
        message: `the engine holds no bracket ${groupId}`,
      };
    }
    if (managed.group.status === 'CLOSED') {
      return { ok: false, code: 'GROUP_CLOSED', message: `bracket ${groupId} is already closed` };
    }
    const mainId = deps.hedges.get(groupId);
    const main = mainId === undefined ? undefined : deps.oco.groups().find((g) => g.id === mainId);
    if (main !== undefined && main.group.status !== 'CLOSED') {
      return {
        ok: false,
        code: 'HEDGE_IN_USE',
        message: `this is the hedge of the open ${main.instrument.tradingSymbol} bracket: exit that one and its hedge follows`,
      };
    }
    const before = managed.group.status;
    deps.logger.warn({ groupId, reason, actor }, 'exiting one position by hand');
    await deps.intake.flattenGroup(groupId, reason);
    const after = managed.group.status;
    // Under the bracket's correlation id, so the trade's story shows who closed it and why.
    await appendAudit(deps.prisma, {
      actorType: actor.type,
      actor: actor.name.slice(0, 128),
      action: 'position.exit',
      entity: 'oco_group',
      entityId: groupId,
      payload: { reason, statusBefore: before, statusAfter: after },
      correlationId: managed.correlationId,
      at: new Date(deps.clock.now()),
    }).catch((error: unknown) => {
      deps.logger.error({ err: error, groupId }, 'position exit audit not written');
    });
    return {
      ok: true,
      groupId,
      tradingSymbol: managed.instrument.tradingSymbol,
      status: after,
    };
  };
}
