/**
 * The browser's side of live updates: one Socket.IO connection per tab, on
 * the same origin with the session cookie. Pages subscribe to the event
 * types they show (`useLiveRefresh`, liveRefresh.ts); on every reconnect the
 * page's data is fetched again, so a missed event never leaves a stale screen.
 */
import { useNavigate } from "@remix-run/react";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { RealtimeMessage, RealtimeMessageType } from "#shared/realtime/events";
import { usePageRefresh } from "./liveRefresh";
import { type ConnectionStatus, type Handler, RealtimeContext, type RealtimeContextValue } from "./realtimeContext";

export function RealtimeProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [status, setStatus] = useState<ConnectionStatus>(enabled ? "connecting" : "offline");
  const handlers = useRef(new Map<RealtimeMessageType, Set<Handler>>());
  // The one refresh every page follows (liveRefresh.ts): on reconnect and when access changes, the page's data is fetched again.
  const refreshPage = usePageRefresh();
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
    socket.on("connect", () => {
      setStatus("connected");
      if (connectedBefore) refreshPage();
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
      if (signedOut && connectedBefore) refreshPage();
    });
    socket.onAny((event: string, message: RealtimeMessage) => {
      if (message?.type === "access.changed") refreshPage();
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
  }, [enabled, refreshPage]);

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

export { type ConnectionStatus, useConnectionStatus, useRealtimeEvent, useRealtimeEvents } from "./realtimeContext";
