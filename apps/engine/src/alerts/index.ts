export {
  createAlertChannels,
  createTelegramApiFor,
  parseChatIds,
  readAlertSettings,
  type AlertEnv,
  type AlertSettings,
  type EmailSettings,
  type TelegramSettings,
} from './alert-channels';
export { alertFromEvent, alertFromRisk } from './alert-rules';
export { createAlerts, type Alerts, type AlertsOptions } from './alert-service';
export { createPrismaAlertStore, type AlertStore } from './alert-store';
export {
  AlertSendError,
  type AlertChannel,
  type AlertChannelName,
  type AlertInput,
  type AlertMessage,
  type AlertSeverity,
} from './alert-types';
export { connectAlertsToBus } from './connect-alerts-to-bus';
export { formatDailySummary, type DailySummary } from './daily-summary';
export { createEmailChannel } from './email-channel';
export { createTelegramApi, type TelegramApi } from './telegram-api';
export { createTelegramChannel } from './telegram-channel';
export {
  createTelegramCommandHandler,
  type TelegramCommandHandler,
} from './telegram-command-handler';
export { startTelegramCommands, type TelegramCommands } from './telegram-commands';
export {
  createTelegramControlPort,
  type CommandOutcome,
  type TelegramControlPort,
} from './telegram-control-port';
export { createWebhookChannel } from './webhook-channel';
