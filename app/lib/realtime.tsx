/**
 * The browser's side of live updates: one Socket.IO connection per tab, on
 * the same origin with the session cookie. Pages subscribe to the event
 * types they show; on every reconnect all data is refetched, so a missed
 * event never leaves a stale screen.
 */
import { useNavigate, useRevalidator } from "@remix-run/react";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { RealtimeMessage, RealtimeMessageType } from "#shared/realtime/events";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

type Handler = (message: RealtimeMessage) => void;

interface RealtimeContextValue {
  status: ConnectionStatus;
  subscribe(type: RealtimeMessageType, handler: Handler): () => void;
}

const RealtimeContext = createContext<RealtimeContextValue>({
  status: "offline",
  subscribe: () => () => {},
});

export function RealtimeProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [status, setStatus] = useState<ConnectionStatus>(enabled ? "connecting" : "offline");
  const handlers = useRef(new Map<RealtimeMessageType, Set<Handler>>());
  const queryClient = useQueryClient();
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  useEffect(() => {
    if (!enabled) {
      setStatus("offline");
      return;
    }
    const socket: Socket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
    let connectedBefore = false;
    const refetchEverything = () => {
      void queryClient.invalidateQueries();
      revalidate.current();
    };
    socket.on("connect", () => {
      setStatus("connected");
      if (connectedBefore) refetchEverything();
      connectedBefore = true;
    });
    socket.on("disconnect", (reason) => {
      // "io server disconnect": the server ended this socket (signed out, removed); it will not come back by itself.
      setStatus(reason === "io server disconnect" ? "offline" : "reconnecting");
      if (reason === "io server disconnect") {
        window.setTimeout(() => socket.connect(), 1_000);
      }
    });
    socket.on("connect_error", (error) => {
      const signedOut = error.message === "NOT_SIGNED_IN";
      setStatus(signedOut ? "offline" : "reconnecting");
      // The session ended while the page was open (expired, or signed out
      // elsewhere): reloading the page's data sends it to the sign-in page.
      if (signedOut && connectedBefore) revalidate.current();
    });
    socket.onAny((event: string, message: RealtimeMessage) => {
      if (message?.type === "access.changed") refetchEverything();
      if (message?.type === "view.ended") {
        // The view-as this tab was in has ended (its viewer removed or demoted, the member gone): start again as oneself.
        window.location.assign(message.reason === "viewer_removed" ? "/?left=removed" : window.location.pathname);
        return;
      }
      if (message?.type === "workspace.left") {
        const here = window.location.pathname;
        if (here.startsWith("/w/")) navigateRef.current(`/?left=${message.reason}`);
      }
      handlers.current.get(event as RealtimeMessageType)?.forEach((handler) => handler(message));
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [enabled, queryClient]);

  const value = useMemo<RealtimeContextValue>(
    () => ({
      status,
      subscribe(type, handler) {
        let set = handlers.current.get(type);
        if (!set) {
          set = new Set();
          handlers.current.set(type, set);
        }
        set.add(handler);
        return () => set.delete(handler);
      },
    }),
    [status],
  );

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useConnectionStatus(): ConnectionStatus {
  return useContext(RealtimeContext).status;
}

/** Calls `handler` for each event of this type while the component is mounted. */
export function useRealtimeEvent<K extends RealtimeMessageType>(type: K, handler: (message: Extract<RealtimeMessage, { type: K }>) => void): void {
  const { subscribe } = useContext(RealtimeContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => subscribe(type, (message) => latest.current(message as Extract<RealtimeMessage, { type: K }>)), [subscribe, type]);
}
