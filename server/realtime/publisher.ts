import type { OutgoingEvent } from "#shared/realtime/events";

/**
 * What a committed transaction asks of the realtime layer, applied in this
 * order: end sessions (their sockets disconnect), recompute the rooms of
 * users whose access changed (so they stop, or start, receiving a
 * workspace's events), then emit the events.
 */
export interface RealtimeBatch {
  endSessionIds: string[];
  refreshUserIds: string[];
  events: OutgoingEvent[];
}

export interface RealtimePublisher {
  publish(batch: RealtimeBatch): Promise<void>;
}

/** For scripts and tools that change data without a Socket.IO server. */
export const silentPublisher: RealtimePublisher = {
  async publish() {},
};
