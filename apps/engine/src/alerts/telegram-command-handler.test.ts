import { createLogger } from '@kavach/config';
import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../control/ports';
import { parseTelegramCommand } from './parse-telegram-command';
import { createTelegramCommandHandler, HELP_TEXT } from './telegram-command-handler';
import type { CommandOutcome, TelegramControlPort } from './telegram-control-port';

const logger = createLogger('test', 'silent');
const ME = '1001';
const PARTNER = '-100200';

interface PortCall {
  readonly action: 'pause' | 'resume' | 'flatten';
  readonly actor: Actor;
  readonly reason: string;
}

function setup(answers: Partial<Record<PortCall['action'], CommandOutcome | Error>> = {}) {
  const calls: PortCall[] = [];
  const act =
    (action: PortCall['action']) =>
    (actor: Actor, reason: string): Promise<CommandOutcome> => {
      calls.push({ action, actor, reason });
      const answer = answers[action] ?? { ok: true };
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    };
  const port: TelegramControlPort = {
    status: () => Promise.resolve('ACTIVE · PAPER · 2 open · P&L +₹1,200.00'),
    pause: act('pause'),
    resume: act('resume'),
    flatten: act('flatten'),
  };
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 5, 0));
  const codes = ['4821', '7730', '0001'];
  const handler = createTelegramCommandHandler({
    port,
    chatIds: [ME, PARTNER],
    clock,
    logger,
    generateCode: () => codes.shift() ?? '9999',
  });
  const say = (text: string, chatId = ME) => handler.handle({ chatId, text, from: 'trader' });
  return { say, calls, clock };
}

describe('parseTelegramCommand', () => {
  it('reads the command, its arguments and the bot-name suffix of group chats', () => {
    expect(parseTelegramCommand('/status')).toEqual({ name: 'status', args: [], rest: '' });
    expect(parseTelegramCommand('  /Flatten@KavachBot  CONFIRM   4821 ')).toEqual({
      name: 'flatten',
      args: ['CONFIRM', '4821'],
      rest: 'CONFIRM   4821',
    });
    expect(parseTelegramCommand('/pause lunch break\nback at 2')?.rest).toBe(
      'lunch break\nback at 2',
    );
    expect(parseTelegramCommand('status')).toBeNull();
    expect(parseTelegramCommand('/')).toBeNull();
    expect(parseTelegramCommand('hello /status')).toBeNull();
  });
});

describe('telegram commands', () => {
  it('obeys only authorised chats and says nothing to others', async () => {
    const { say, calls } = setup();
    expect(await say('/pause', '666')).toBeNull();
    expect(await say('/flatten', '666')).toBeNull();
    expect(await say('/flatten CONFIRM 4821', '666')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('answers /status from the port', async () => {
    const { say } = setup();
    expect(await say('/status')).toBe('ACTIVE · PAPER · 2 open · P&L +₹1,200.00');
  });

  it('pauses and resumes as the chat, with the reason given', async () => {
    const { say, calls } = setup();
    expect(await say('/pause lunch')).toBe('Paused: no new entries, exits continue');
    expect(await say('/resume', PARTNER)).toBe('Resumed: entries allowed again');
    expect(calls).toEqual([
      { action: 'pause', actor: { type: 'USER', name: 'telegram:1001' }, reason: 'lunch' },
      {
        action: 'resume',
        actor: { type: 'USER', name: 'telegram:-100200' },
        reason: 'resumed from Telegram',
      },
    ]);
  });

  it('reports a refusal and a failure in words', async () => {
    const { say } = setup({
      resume: { ok: false, code: 'SESSION_INVALID', message: 'no valid Kite session' },
      pause: new Error('database down'),
    });
    expect(await say('/resume')).toBe('Resume refused (SESSION_INVALID): no valid Kite session');
    expect(await say('/pause')).toBe('Pause failed: database down');
  });

  it('flattens only after /flatten CONFIRM with the code, exactly once', async () => {
    const { say, calls } = setup({ flatten: { ok: true, message: 'flat: 6 orders handled' } });
    const ask = await say('/flatten stop is wrong');
    expect(ask).toContain('/flatten CONFIRM 4821');
    expect(ask).toContain('60 s');
    expect(calls).toEqual([]);
    expect(await say('/flatten confirm 4821')).toBe('Flattened: flat: 6 orders handled');
    expect(await say('/flatten CONFIRM 4821')).toMatch(/No flatten is waiting/);
    expect(calls).toEqual([
      {
        action: 'flatten',
        actor: { type: 'USER', name: 'telegram:1001' },
        reason: 'stop is wrong',
      },
    ]);
  });

  it('cancels the request on a wrong code', async () => {
    const { say, calls } = setup();
    await say('/flatten');
    expect(await say('/flatten CONFIRM 1111')).toMatch(/Wrong confirmation code/);
    expect(await say('/flatten CONFIRM 4821')).toMatch(/No flatten is waiting/);
    expect(await say('/flatten CONFIRM')).toMatch(/No flatten is waiting/);
    expect(calls).toEqual([]);
  });

  it('lets a code expire after 60 s', async () => {
    const { say, calls, clock } = setup();
    await say('/flatten');
    clock.advance(60_001);
    expect(await say('/flatten CONFIRM 4821')).toMatch(/expired/);
    expect(calls).toEqual([]);
    // A fresh request gets a fresh code; the old one no longer works.
    expect(await say('/flatten')).toContain('CONFIRM 7730');
    clock.advance(60_000);
    expect(await say('/flatten CONFIRM 7730')).toMatch(/^Flattened/);
    expect(calls).toHaveLength(1);
  });

  it('keeps each chat’s confirmation to itself', async () => {
    const { say, calls } = setup();
    await say('/flatten', ME);
    expect(await say('/flatten CONFIRM 4821', PARTNER)).toMatch(/No flatten is waiting/);
    expect(await say('/flatten CONFIRM 4821', ME)).toMatch(/^Flattened/);
    expect(calls.map((c) => c.actor.name)).toEqual(['telegram:1001']);
  });

  it('reports a flatten that did not get flat', async () => {
    const { say } = setup({
      flatten: { ok: false, code: 'NOT_FLAT', message: '2 positions still open' },
    });
    await say('/flatten');
    expect(await say('/flatten CONFIRM 4821')).toBe(
      'Flatten refused (NOT_FLAT): 2 positions still open',
    );
  });

  it('answers unknown commands with help and ignores plain text', async () => {
    const { say } = setup();
    expect(await say('/start')).toBe(HELP_TEXT);
    expect(await say('/buy INFY')).toBe(HELP_TEXT);
    expect(await say('thanks')).toBeNull();
  });
});
