/**
 * Invitation tokens: 256 random bits, sent only in the email. The database
 * keeps their SHA-256, so a copy of the table cannot be used to join.
 */
import { createHash, randomBytes } from "node:crypto";

export const invitationLifetimeDays = 7;

export function newInvitationToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): Buffer {
  return createHash("sha256").update(token.trim(), "utf8").digest();
}

export function invitationLink(publicOrigin: string, token: string): string {
  return `${publicOrigin}/invite/${token}`;
}
