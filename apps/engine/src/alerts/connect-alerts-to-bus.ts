import type { Bus, Unsubscribe } from '@kavach/bus';
import { alertFromEvent, alertFromRisk } from './alert-rules';
import type { Alerts } from './alert-service';

/**
 * Feeds the bus's `risk` and `events` channels through the alert rules. Resolves once both
 * subscriptions are active; the returned function ends both.
 */
export async function connectAlertsToBus(
  bus: Bus,
  alerts: Pick<Alerts, 'notify'>,
): Promise<Unsubscribe> {
  const offRisk = await bus.subscribe('risk', (risk) => {
    const alert = alertFromRisk(risk);
    if (alert !== null) alerts.notify(alert);
  });
  let offEvents: Unsubscribe;
  try {
    offEvents = await bus.subscribe('events', (event) => {
      const alert = alertFromEvent(event);
      if (alert !== null) alerts.notify(alert);
    });
  } catch (error) {
    await offRisk();
    throw error;
  }
  return async () => {
    await Promise.all([offRisk(), offEvents()]);
  };
}
