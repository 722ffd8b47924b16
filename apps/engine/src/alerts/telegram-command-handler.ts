import { randomInt } from 'node:crypto';
import type { Logger } from '@kavach/config';
import type { Clock } from '@kavach/domain';
import type { Actor } from '../control/ports';
import { describeError } from './alert-types';
import { parseTelegramCommand } from './parse-telegram-command';
import type { CommandOutcome, TelegramControlPort } from './telegram-control-port';

/** A text message as the poller hands it over. */
export interface IncomingMessage {
  readonly chatId: string;
  readonly text: string;
  /** The sender's @username, for the log. */
  readonly from?: string;
}

export interface TelegramCommandHandler {
  /** The reply to send, or null when nothing must be said (unauthorised chat, plain text). */
  handle(message: IncomingMessage): Promise<string | null>;
}

export interface TelegramCommandHandlerOptions {
  readonly port: TelegramControlPort;
  /**
   * Only these chats are obeyed (TELEGRAM_CHAT_ID). Authorisation is by chat: in a group chat,
   * every member may command, so authorise private chats or groups of people you trust.
   */
  readonly chatIds: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a /flatten code stays valid; 60 s. */
  readonly confirmWindowMs?: number;
  /** Tests fix the code; four random digits otherwise. */
  readonly generateCode?: () => string;
}

export const HELP_TEXT = [
  'Kavach commands:',
  '/status - trading state, positions, P&L',
  '/pause [reason] - no new entries (exits continue)',
  '/resume [reason] - entries again',
  '/flatten [reason] - kill switch: cancel every order, exit every position (asks for a code first)',
].join('\n');

interface PendingFlatten {
  readonly code: string;
  readonly expiresAt: number;
  readonly reason: string;
}

/**
 * Telegram commands for the trader's phone. The kill switch takes two messages: `/flatten`
 * answers with a code, and only `/flatten CONFIRM <code>` from the same chat within the window
 * flattens. A wrong or late code cancels the request, so a code cannot be guessed by retrying.
 */
export function createTelegramCommandHandler(
  options: TelegramCommandHandlerOptions,
): TelegramCommandHandler {
  const { port, clock, logger } = options;
  const authorised = new Set(options.chatIds);
  const confirmWindowMs = options.confirmWindowMs ?? 60_000;
  const generateCode =
    options.generateCode ?? (() => String(randomInt(0, 10_000)).padStart(4, '0'));
  const pending = new Map<string, PendingFlatten>();

  async function run(
    what: string,
    action: () => Promise<CommandOutcome>,
    done: string,
  ): Promise<string> {
    try {
      const outcome = await action();
      if (outcome.ok) return outcome.message === undefined ? done : `${done}: ${outcome.message}`;
      return `${what} refused (${outcome.code}): ${outcome.message}`;
    } catch (error) {
      logger.error({ err: error, what }, 'telegram command failed');
      return `${what} failed: ${describeError(error)}`;
    }
  }

  function askForConfirmation(chatId: string, reason: string): string {
    const code = generateCode();
    pending.set(chatId, { code, expiresAt: clock.now() + confirmWindowMs, reason });
    const seconds = Math.round(confirmWindowMs / 1000);
    return `Kill switch: this cancels every order and exits every position.\nSend /flatten CONFIRM ${code} within ${seconds} s to go ahead.`;
  }

  async function confirmFlatten(chatId: string, code: string | undefined, actor: Actor) {
    const request = pending.get(chatId);
    pending.delete(chatId);
    if (request === undefined)
      return 'No flatten is waiting for confirmation: send /flatten first.';
    if (clock.now() > request.expiresAt) {
      return 'That confirmation code has expired: send /flatten again.';
    }
    if (code !== request.code) return 'Wrong confirmation code: nothing done. Send /flatten again.';
    logger.warn({ actor, reason: request.reason }, 'flatten confirmed from telegram');
    return run('Flatten', () => port.flatten(actor, request.reason), 'Flattened');
  }

  return {
    async handle(message) {
      const command = parseTelegramCommand(message.text);
      if (!authorised.has(message.chatId)) {
        logger.warn(
          { chatId: message.chatId, from: message.from, command: command?.name ?? null },
          'telegram message from a chat that is not authorised: ignored',
        );
        return null;
      }
      if (command === null) return null;
      const actor: Actor = { type: 'USER', name: `telegram:${message.chatId}` };
      logger.info({ actor, command: command.name }, 'telegram command');
      switch (command.name) {
        case 'status':
          try {
            return await port.status();
          } catch (error) {
            logger.error({ err: error }, 'telegram /status failed');
            return `Status unavailable: ${describeError(error)}`;
          }
        case 'pause':
          return run(
            'Pause',
            () => port.pause(actor, command.rest === '' ? 'paused from Telegram' : command.rest),
            'Paused: no new entries, exits continue',
          );
        case 'resume':
          return run(
            'Resume',
            () => port.resume(actor, command.rest === '' ? 'resumed from Telegram' : command.rest),
            'Resumed: entries allowed again',
          );
        case 'flatten':
          if (command.args[0]?.toUpperCase() === 'CONFIRM') {
            return confirmFlatten(message.chatId, command.args[1], actor);
          }
          return askForConfirmation(
            message.chatId,
            command.rest === '' ? 'flatten from Telegram' : command.rest,
          );
        default:
          return HELP_TEXT;
      }
    },
  };
}
