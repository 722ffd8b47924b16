import { createLogger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { ManagedGroup } from '../oco/oco-types';
import { createPositionExit } from './exit-position';

const AT = Date.UTC(2026, 10, 23, 6, 0);
const actor = { type: 'USER', name: 'trader@example.com (trader)' } as const;

/** Just what the exit reads of a managed group. */
function groupOf(id: string, status: string, tradingSymbol = 'INFY'): ManagedGroup {
  return {
    id,
    correlationId: `corr-${id}`,
    instrument: { tradingSymbol },
    group: { status },
  } as unknown as ManagedGroup;
}

function setUp(groups: ManagedGroup[], hedges = new Map<string, string>()) {
  const flattened: [string, string][] = [];
  const audits: unknown[] = [];
  const exit = createPositionExit({
    oco: { groups: () => groups },
    intake: {
      flattenGroup: (groupId, reason) => {
        flattened.push([groupId, reason]);
        const group = groups.find((g) => g.id === groupId);
        if (group !== undefined) group.group = { ...group.group, status: 'EXITING' };
        return Promise.resolve();
      },
    },
    hedges,
    prisma: {
      auditLog: {
        create: (args: { data: unknown }) => {
          audits.push(args.data);
          return Promise.resolve({ id: 'a', at: new Date(AT) });
        },
      },
    } as unknown as PrismaClient,
    clock: new VirtualClock(AT),
    logger: createLogger('test', 'silent'),
  });
  return { exit, flattened, audits };
}

describe('exiting one position', () => {
  it("flattens the group, answers its state after, and audits under the group's correlation id", async () => {
    const { exit, flattened, audits } = setUp([groupOf('g1', 'OPEN')]);
    expect(await exit(actor, 'g1', 'enough')).toEqual({
      ok: true,
      groupId: 'g1',
      tradingSymbol: 'INFY',
      status: 'EXITING',
    });
    expect(flattened).toEqual([['g1', 'enough']]);
    expect(audits).toEqual([
      {
        actorType: 'USER',
        actor: actor.name,
        action: 'position.exit',
        entity: 'oco_group',
        entityId: 'g1',
        payload: { reason: 'enough', statusBefore: 'OPEN', statusAfter: 'EXITING' },
        correlationId: 'corr-g1',
        at: new Date(AT),
      },
    ]);
  });

  it('refuses an unknown or closed group without touching anything', async () => {
    const { exit, flattened, audits } = setUp([groupOf('g1', 'CLOSED')]);
    expect(await exit(actor, 'nope', 'x')).toMatchObject({ ok: false, code: 'GROUP_NOT_FOUND' });
    expect(await exit(actor, 'g1', 'x')).toMatchObject({ ok: false, code: 'GROUP_CLOSED' });
    expect(flattened).toEqual([]);
    expect(audits).toEqual([]);
  });

  it('keeps a hedge while its main leg is open, and lets it go once that is closed', async () => {
    const main = groupOf('main', 'OPEN', 'NIFTY26N2424500CE');
    const hedge = groupOf('hedge', 'OPEN', 'NIFTY26N2425000CE');
    const { exit, flattened } = setUp([main, hedge], new Map([['hedge', 'main']]));
    expect(await exit(actor, 'hedge', 'x')).toMatchObject({ ok: false, code: 'HEDGE_IN_USE' });
    expect(flattened).toEqual([]);
    main.group = { ...main.group, status: 'CLOSED' };
    expect(await exit(actor, 'hedge', 'x')).toMatchObject({ ok: true, status: 'EXITING' });
  });
});
