export {
  type TradingViewWebhook,
  type TradingViewWebhookOptions,
  type WebhookAnswer,
  type WebhookIntake,
  createTradingViewWebhook,
} from './webhook-handler';
export {
  type EntryAlert,
  type ExitAlert,
  type TradingViewAlert,
  tradingViewAlertBody,
} from './tradingview-alert';
