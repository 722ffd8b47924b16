/** One handler's place in a topic; cleared the moment it unsubscribes. */
export interface Slot {
  /** Called with the payload and the channel name (or the token, for the ticks pattern). */
  readonly handler: (payload: unknown, key: string | number) => unknown;
  active: boolean;
}

interface Topic {
  readonly slots: Set<Slot>;
  /** The transport subscription shared by every slot of the topic. */
  readonly opened: Promise<void>;
}

export interface TopicTransport {
  open(key: string): Promise<void>;
  close(key: string): Promise<void>;
}

export interface SubscriptionRegistry {
  /** Adds a handler; resolves once the topic's transport subscription is active. */
  add(key: string, handler: Slot['handler']): Promise<Slot>;
  /** Removes a handler at once; closes the transport subscription after the last one. */
  remove(key: string, slot: Slot): Promise<void>;
  slotsOf(key: string): readonly Slot[];
  clear(): void;
}

/**
 * Handlers per topic (a channel, or the ticks pattern), reference-counted so the transport
 * holds one subscription per topic however many handlers share it. Transport commands are
 * issued in call order on one connection, so a close followed by an open ends subscribed.
 */
export function createSubscriptionRegistry(transport: TopicTransport): SubscriptionRegistry {
  const topics = new Map<string, Topic>();

  function openTopic(key: string): Topic {
    const topic: Topic = { slots: new Set(), opened: transport.open(key) };
    topics.set(key, topic);
    // A topic that could not be opened is forgotten with all its handlers; each add() rejects.
    topic.opened.catch(() => {
      if (topics.get(key) === topic) topics.delete(key);
      for (const slot of topic.slots) slot.active = false;
    });
    return topic;
  }

  function remove(key: string, slot: Slot): Promise<void> {
    const topic = topics.get(key);
    slot.active = false;
    if (topic === undefined || !topic.slots.delete(slot) || topic.slots.size > 0) {
      return Promise.resolve();
    }
    topics.delete(key);
    return transport.close(key);
  }

  return {
    async add(key, handler) {
      const slot: Slot = { handler, active: true };
      const topic = topics.get(key) ?? openTopic(key);
      topic.slots.add(slot);
      await topic.opened;
      return slot;
    },
    remove,
    slotsOf(key) {
      const topic = topics.get(key);
      return topic === undefined ? [] : [...topic.slots];
    },
    clear() {
      for (const topic of topics.values()) for (const slot of topic.slots) slot.active = false;
      topics.clear();
    },
  };
}
