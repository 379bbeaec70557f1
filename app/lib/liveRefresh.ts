/**
 * How a page stays true to the server (docs/architecture.md, "Page data"):
 * a page's data comes from its loaders, rendered on the server and sent
 * once; a live event, a reconnect, or a mutation of one's own refreshes the
 * page by revalidating its loaders. Browser queries exist only for data a
 * dialog or a section loads on demand; the same refresh refetches the ones
 * on screen. Pages never patch a cache by hand.
 */
import { useRevalidator } from "@remix-run/react";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import type { RealtimeMessage, RealtimeMessageType } from "#shared/realtime/events";
import { useRealtimeEvents } from "./realtimeContext";

/** Refreshes what the page shows: its loaders, and the on-demand queries on screen. Stable across renders. */
export function usePageRefresh(): () => void {
  const revalidator = useRevalidator();
  const queryClient = useQueryClient();
  const latest = useRef({ revalidate: revalidator.revalidate, queryClient });
  latest.current = { revalidate: revalidator.revalidate, queryClient };
  return useCallback(() => {
    latest.current.revalidate();
    void latest.current.queryClient.invalidateQueries({ refetchType: "active" });
  }, []);
}

type MessageOf<K extends RealtimeMessageType> = Extract<RealtimeMessage, { type: K }>;

/**
 * Refreshes the page on each of these live events (for `workspaceId`, when
 * given, only events about that workspace; `when` narrows further). Returns
 * the refresh, for the page's own mutations to call once they succeed.
 */
export function useLiveRefresh<K extends RealtimeMessageType>(types: readonly K[], options: { workspaceId?: string; when?: (message: MessageOf<K>) => boolean } = {}): () => void {
  const refresh = usePageRefresh();
  const latest = useRef(options);
  latest.current = options;
  const onEvent = useCallback(
    (message: MessageOf<K>) => {
      const { workspaceId, when } = latest.current;
      if (workspaceId !== undefined && "workspaceId" in message && message.workspaceId !== workspaceId) return;
      if (when && !when(message)) return;
      refresh();
    },
    [refresh],
  );
  useRealtimeEvents(types, onEvent);
  return refresh;
}
