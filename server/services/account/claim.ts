/**
 * A squatted address comes back to its owner (decision 18). When an
 * invitation is accepted with a new account for an address held by an
 * account that never confirmed it, the person with the invitation (who
 * proved the mailbox by opening it) gets a fresh account, and the old one
 * is closed: its sessions end (HTTP at once, live connections after
 * commit), and the account with everything it holds (its name, password,
 * links and notifications) is deleted. Nothing of it is carried over.
 *
 * An unconfirmed account can't create or join a workspace, so it holds no
 * workspace data; one that somehow does (an account from before
 * verification existed) is not deleted here, and the claim is refused.
 */
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { recordAudit } from "../audit";
import { notify } from "../notifications";
import { formatEmailTime } from "#shared/time/format";
import type { Tx } from "../transaction";
import { endOtherSessionsWithin } from "../auth/sessions";

export interface UnconfirmedHolder {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ReplacedAccount {
  id: string;
  name: string;
  createdAt: string;
  sessionsEnded: number;
}

/** Refuses (writing nothing) when the holder can't be replaced: it belongs to a workspace. */
export async function assertClaimable(tx: Tx, holderId: string): Promise<void> {
  const membership = await tx.db.selectFrom("memberships").select("id").where("user_id", "=", holderId).limit(1).executeTakeFirst();
  if (membership) throw new AppError("CLAIM_BLOCKED");
}

export async function closeUnconfirmedAccount(tx: Tx, deps: AppDeps, holder: UnconfirmedHolder): Promise<ReplacedAccount> {
  await assertClaimable(tx, holder.id);
  const ended = await endOtherSessionsWithin(tx, deps, holder.id, null);
  // Cascades to its password, any session created meanwhile, its links and its notifications.
  await tx.db.deleteFrom("users").where("id", "=", holder.id).where("email_verified_at", "is", null).execute();
  return { id: holder.id, name: holder.name, createdAt: holder.createdAt.toISOString(), sessionsEnded: ended.length };
}

/** The replacement, where the workspace's admins look (its audit log) and where the claimant looks (a notification). */
export async function recordAccountReplacement(
  tx: Tx,
  input: {
    workspaceId: string;
    invitationId: string;
    email: string;
    user: { id: string; name: string };
    replaced: ReplacedAccount;
    /** The claimant's zone, when their browser reported one; the text names the zone either way. */
    timeZone: string | null;
  },
): Promise<void> {
  await recordAudit(tx, {
    workspaceId: input.workspaceId,
    actor: { userId: input.user.id, impersonatorUserId: null },
    action: "account.replaced",
    targetType: "user",
    targetId: input.replaced.id,
    targetLabel: input.email,
    before: { name: input.replaced.name, createdAt: input.replaced.createdAt, confirmed: false, sessionsEnded: input.replaced.sessionsEnded },
    after: { replacedBy: input.user.id, invitationId: input.invitationId, kept: "nothing: the unconfirmed account was deleted" },
  });
  // Stored as text and read later, perhaps elsewhere: the time says its zone, as in emails.
  const started = formatEmailTime(new Date(input.replaced.createdAt), input.timeZone ?? undefined);
  await notify(tx, {
    userId: input.user.id,
    workspaceId: null,
    kind: "account.replaced",
    title: `We closed an unconfirmed account that used ${input.email}`,
    body: `Someone started an account with ${input.email} on ${started} but never confirmed the address. Opening your invitation proved the address is yours, so that account was closed, everyone signed in to it was signed out, and nothing from it was carried over to your account.`,
  });
}
