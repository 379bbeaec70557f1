/**
 * The development mailbox (email kept in the database when no Postmark token
 * is set) lists every invitation link, so it is never open to the world
 * (decision 15): it answers only at an address with a secret key, printed by
 * the server at start. Without Postmark and without the key, and always with
 * Postmark, it does not exist (404).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface DevMailbox {
  key: string;
  /** The page's path, key included (`/dev/mailbox/<key>`). */
  path: string;
}

export function devMailboxPath(key: string): string {
  return `/dev/mailbox/${key}`;
}

/** The mailbox of this process: DEV_MAILBOX_KEY when set (several processes), else a fresh random key. */
export function openDevMailbox(configuredKey: string | undefined): DevMailbox {
  const key = configuredKey ?? randomBytes(24).toString("base64url");
  return { key, path: devMailboxPath(key) };
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether `presented` is this mailbox's key, compared in constant time. */
export function opensDevMailbox(mailbox: DevMailbox | null, presented: string | null | undefined): boolean {
  if (!mailbox || typeof presented !== "string" || presented.length === 0 || presented.length > 256) return false;
  return timingSafeEqual(digest(mailbox.key), digest(presented));
}
