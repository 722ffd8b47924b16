import type { Logger } from '@kavach/config';
import type { Clock } from '@kavach/domain';
import {
  createTelegramApiFor,
  createTelegramCommandHandler,
  createTelegramControlPort,
  startTelegramCommands,
} from '../alerts';
import type { AlertSettings, TelegramCommands } from '../alerts';
import type { ControlApi } from '../control/control-api';

/** Telegram commands (/status, /pause, …) when a bot is configured; null otherwise. */
export function startTelegram(
  settings: AlertSettings,
  deps: {
    readonly control: ControlApi;
    readonly status: () => string;
    readonly clock: Clock;
    readonly logger: Logger;
  },
): TelegramCommands | null {
  if (settings.telegram === null) return null;
  const { clock, logger } = deps;
  return startTelegramCommands({
    api: createTelegramApiFor(settings.telegram),
    logger,
    handler: createTelegramCommandHandler({
      chatIds: settings.telegram.chatIds,
      clock,
      logger,
      port: createTelegramControlPort({
        control: deps.control,
        status: () => Promise.resolve(deps.status()),
      }),
    }),
  });
}
