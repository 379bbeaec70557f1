/**
 * The live-updates context: the connection's status and the subscription
 * to event types. The provider (realtime.tsx) fills it; pages subscribe
 * through `useLiveRefresh` (liveRefresh.ts) or, for a side effect other
 * than a refresh, `useRealtimeEvents`.
 */
import { createContext, useContext, useEffect, useRef } from "react";
import type { RealtimeMessage, RealtimeMessageType } from "#shared/realtime/events";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

export type Handler = (message: RealtimeMessage) => void;

export interface RealtimeContextValue {
  status: ConnectionStatus;
  subscribe(type: RealtimeMessageType, handler: Handler): () => void;
}

export const RealtimeContext = createContext<RealtimeContextValue>({
  status: "offline",
  subscribe: () => () => {},
});

export function useConnectionStatus(): ConnectionStatus {
  return useContext(RealtimeContext).status;
}

type MessageOf<K extends RealtimeMessageType> = Extract<RealtimeMessage, { type: K }>;

/** Calls `handler` for each event of these types while the component is mounted. */
export function useRealtimeEvents<K extends RealtimeMessageType>(types: readonly K[], handler: (message: MessageOf<K>) => void): void {
  const { subscribe } = useContext(RealtimeContext);
  const latest = useRef(handler);
  latest.current = handler;
  const key = types.join(" ");
  useEffect(() => {
    const unsubscribes = key
      .split(" ")
      .filter(Boolean)
      .map((type) => subscribe(type as K, (message) => latest.current(message as MessageOf<K>)));
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }, [subscribe, key]);
}

/** Calls `handler` for each event of this type while the component is mounted. */
export function useRealtimeEvent<K extends RealtimeMessageType>(type: K, handler: (message: MessageOf<K>) => void): void {
  useRealtimeEvents([type], handler);
}
