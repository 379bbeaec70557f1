/**
 * Inviting people: every row gets its own answer. The whole send is one
 * transaction that holds the workspace row, so two admins inviting at once
 * can never push the workspace over its seats, and the partial unique index
 * guarantees one pending invitation per email. A row is written whole
 * (invitation, roles, outbox email, audit entry) or not at all; refused
 * rows write nothing (decision 31). Emails are queued in the outbox, never
 * sent inline.
 */
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { assertMayGiveRoles } from "../../permissions/rails";
import { type InviteInput, type InvitePeopleInput, maxInvitationsPerBatch, splitAddresses } from "../../schemas/invitations";
import { inTransaction } from "../transaction";
import { decideRows, type InviteResult, lockForInviting, type PersonToInvite, writeInvitations } from "./people";
import type { WorkspaceCaller } from "../caller";

export { type InviteOutcome, type InviteResult, inviteMessages } from "./people";

async function sendRows(deps: AppDeps, inviter: WorkspaceCaller, people: PersonToInvite[], message: string | null): Promise<{ results: InviteResult[]; invited: number }> {
  return inTransaction(deps, async (tx) => {
    const workspace = await lockForInviting(
      tx,
      inviter.workspace.id,
      people.map((p) => p.input),
    );
    const { verdicts } = await decideRows(tx.db, inviter, workspace, people);
    const invited = await writeInvitations(deps, tx, inviter, workspace, verdicts, message);
    return { results: verdicts.map((v) => v.result), invited };
  });
}

/** One set of roles for every address (addresses typed or pasted as a list). */
export async function inviteMembers(deps: AppDeps, inviter: WorkspaceCaller, input: InviteInput): Promise<{ results: InviteResult[]; invited: number }> {
  const typed = splitAddresses(input.emails);
  if (typed.length === 0) throw new AppError("INVITATION_NO_ADDRESSES");
  if (typed.length > maxInvitationsPerBatch) {
    throw new AppError("INVITATION_BATCH_TOO_LARGE", `You can invite at most ${maxInvitationsPerBatch} people at once; this list has ${typed.length}. Split it into smaller batches.`);
  }
  // One set of roles for all: a role the inviter may not give refuses the whole send (checked again per row, and at accept).
  await assertMayGiveRoles(deps.db, inviter.workspace.id, { access: inviter.access, membershipId: inviter.membershipId }, input.roleIds);
  const people = typed.map((raw) => ({ input: raw, roleIds: input.roleIds, primaryRoleId: input.primaryRoleId, departmentId: null, managerId: null }));
  return sendRows(deps, inviter, people, input.message);
}

/** The invite dialog: each person with their own roles and primary role, answered row by row. */
export async function invitePeople(deps: AppDeps, inviter: WorkspaceCaller, input: InvitePeopleInput): Promise<{ results: InviteResult[]; invited: number }> {
  const people = input.people.map((p) => ({
    input: p.email,
    roleIds: p.roleIds,
    primaryRoleId: p.primaryRoleId,
    departmentId: null,
    managerId: null,
  }));
  return sendRows(deps, inviter, people, input.message);
}
