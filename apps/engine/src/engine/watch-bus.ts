import type { Bus } from '@kavach/bus';
import type { Clock } from '@kavach/domain';

export interface BusWatch {
  /** When a message last came back from the bus (epoch ms); null before the first. */
  readonly lastMessageAt: () => number | null;
  readonly stop: () => Promise<void>;
}

/**
 * Listens to what the engine publishes: a message that went round the bus proves it works end
 * to end (Redis included), which /status/all reports.
 */
export async function watchBus(bus: Bus, clock: Clock): Promise<BusWatch> {
  let lastMessageAt: number | null = null;
  const seen = () => {
    lastMessageAt = clock.now();
  };
  const unsubscribes = await Promise.all([
    bus.subscribe('events', seen),
    bus.subscribe('orders', seen),
    bus.subscribe('risk', seen),
  ]);
  return {
    lastMessageAt: () => lastMessageAt,
    stop: async () => {
      for (const off of unsubscribes) await off();
    },
  };
}
