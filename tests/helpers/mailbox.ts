/**
 * The development mailbox of a test server: its secret address (decision 15),
 * for tests that read email the way a person would.
 */
import type { RunningServer } from "../../server/app";

function mailboxOf(server: Pick<RunningServer, "deps">) {
  const mailbox = server.deps.devMailbox;
  if (!mailbox) throw new Error("This server sends email through Postmark: it has no development mailbox.");
  return mailbox;
}

/** The mailbox page's path (with its key), optionally showing one recipient's mail. */
export function mailboxPath(server: Pick<RunningServer, "deps">, to?: string): string {
  const { path } = mailboxOf(server);
  return to ? `${path}?to=${encodeURIComponent(to)}` : path;
}

/** The key the `dev.mailbox` procedure asks for. */
export function mailboxKey(server: Pick<RunningServer, "deps">): string {
  return mailboxOf(server).key;
}
