import { cx } from "./ui";
import { type ConnectionStatus, useConnectionStatus } from "../lib/realtime";

const labels: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  connected: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

const dots: Record<ConnectionStatus, string> = {
  connecting: "bg-amber-400",
  connected: "bg-emerald-500",
  reconnecting: "bg-amber-400 animate-pulse",
  offline: "bg-slate-400",
};

/** A small sign of whether live updates are flowing; on reconnect the page refetches by itself. */
export function ConnectionIndicator({ className }: { className?: string }) {
  const status = useConnectionStatus();
  return (
    <span
      className={cx("inline-flex items-center gap-1.5 text-xs text-slate-500", className)}
      role="status"
      aria-live="polite"
      data-connection={status}
      title={status === "connected" ? "Changes made by others appear here as they happen." : "Live updates are paused; the page will refresh when they resume."}
    >
      <span className={cx("h-2 w-2 rounded-full", dots[status])} aria-hidden="true" />
      {labels[status]}
    </span>
  );
}
