/**
 * Who may call what: every procedure of the API against the five built-in
 * roles and one custom role, "Recruiter" (defined below). A person reads it;
 * tests/access/authorization-matrix.test.ts proves it against the real
 * router and fails when a procedure has no row here (add one when you add
 * a procedure) or a row names a procedure that no longer exists.
 *
 * Kinds: `public` (anyone), `signed in` (any signed-in user), otherwise a
 * workspace procedure: `yes`/`no` per role, called by a member holding only
 * that role. "no" means refused with FORBIDDEN before any work is done.
 */
import type { Permission, Scope } from "#shared/permissions/catalogue";

/** The custom role in the matrix: runs hiring for their team, may look up their own contacts. */
export const recruiterRole: { name: string; grants: Array<{ permission: Permission; scope: Scope }> } = {
  name: "Recruiter",
  grants: [
    { permission: "members.view", scope: "all" },
    { permission: "recruiting.jobs.read", scope: "team" },
    { permission: "recruiting.jobs.create", scope: "team" },
    { permission: "recruiting.jobs.update", scope: "team" },
    { permission: "recruiting.candidates.read", scope: "team" },
    { permission: "recruiting.candidates.create", scope: "team" },
    { permission: "recruiting.candidates.update", scope: "team" },
    { permission: "recruiting.candidates.delete", scope: "team" },
    { permission: "crm.contacts.read", scope: "own" },
  ],
};

export const matrixRoles = ["owner", "admin", "manager", "member", "viewer", "recruiter"] as const;
export type MatrixRole = (typeof matrixRoles)[number];

export const matrixTable = `
procedure                       | owner | admin | manager | member | viewer | recruiter
auth.me                         | public
auth.signUp                     | public
auth.signIn                     | public
auth.signOut                    | signed in
account.overview                | signed in
account.resendVerification      | signed in
account.confirmEmail            | public
account.requestPasswordReset    | public
account.passwordResetLink       | public
account.resetPassword           | public
account.changePassword          | signed in
account.requestEmailChange      | signed in
account.cancelEmailChange       | signed in
sessions.list                   | signed in
sessions.signOut                | signed in
sessions.signOutOthers          | signed in
dev.mailbox                     | public
emailDelivery.status            | yes   | yes   | no      | no     | no     | no
workspaces.mine                 | signed in
workspaces.frame                | signed in
workspaces.create               | signed in
workspaces.current              | yes   | yes   | yes     | yes    | yes    | yes
members.list                    | yes   | yes   | yes     | yes    | yes    | yes
members.search                  | yes   | yes   | yes     | yes    | yes    | yes
members.lookup                  | yes   | yes   | yes     | yes    | yes    | yes
members.filterOptions           | yes   | yes   | yes     | yes    | yes    | yes
members.setRoles                | yes   | yes   | no      | no     | no     | no
members.setManager              | yes   | yes   | no      | no     | no     | no
members.setDepartment           | yes   | yes   | no      | no     | no     | no
members.setModules              | yes   | yes   | no      | no     | no     | no
members.remove                  | yes   | yes   | no      | no     | no     | no
members.leave                   | yes   | yes   | yes     | yes    | yes    | yes
members.transferOwnership       | yes   | no    | no      | no     | no     | no
roles.list                      | yes   | yes   | yes     | yes    | yes    | yes
roles.create                    | yes   | yes   | no      | no     | no     | no
roles.update                    | yes   | yes   | no      | no     | no     | no
roles.delete                    | yes   | yes   | no      | no     | no     | no
departments.list                | yes   | yes   | yes     | yes    | yes    | yes
departments.report              | yes   | yes   | yes     | yes    | yes    | yes
departments.create              | yes   | yes   | no      | no     | no     | no
departments.rename              | yes   | yes   | no      | no     | no     | no
departments.delete              | yes   | yes   | no      | no     | no     | no
modules.list                    | yes   | yes   | yes     | yes    | yes    | yes
modules.setEnabled              | yes   | yes   | no      | no     | no     | no
crm.contacts.list               | yes   | yes   | yes     | yes    | yes    | yes
crm.contacts.get                | yes   | yes   | yes     | yes    | yes    | yes
crm.contacts.create             | yes   | yes   | yes     | yes    | no     | no
crm.contacts.update             | yes   | yes   | yes     | yes    | no     | no
crm.contacts.delete             | yes   | yes   | yes     | no     | no     | no
crm.contacts.export             | yes   | yes   | yes     | no     | no     | no
crm.companies.list              | yes   | yes   | yes     | yes    | yes    | no
crm.companies.get               | yes   | yes   | yes     | yes    | yes    | no
crm.companies.create            | yes   | yes   | yes     | yes    | no     | no
crm.companies.update            | yes   | yes   | yes     | yes    | no     | no
crm.companies.delete            | yes   | yes   | yes     | no     | no     | no
crm.companies.export            | yes   | yes   | yes     | no     | no     | no
recruiting.jobs.list            | yes   | yes   | yes     | yes    | yes    | yes
recruiting.jobs.get             | yes   | yes   | yes     | yes    | yes    | yes
recruiting.jobs.create          | yes   | yes   | yes     | yes    | no     | yes
recruiting.jobs.update          | yes   | yes   | yes     | yes    | no     | yes
recruiting.jobs.delete          | yes   | yes   | yes     | no     | no     | no
recruiting.jobs.export          | yes   | yes   | yes     | no     | no     | no
recruiting.candidates.list      | yes   | yes   | yes     | yes    | yes    | yes
recruiting.candidates.get       | yes   | yes   | yes     | yes    | yes    | yes
recruiting.candidates.create    | yes   | yes   | yes     | yes    | no     | yes
recruiting.candidates.update    | yes   | yes   | yes     | yes    | no     | yes
recruiting.candidates.delete    | yes   | yes   | yes     | no     | no     | yes
recruiting.candidates.export    | yes   | yes   | yes     | no     | no     | no
invitations.list                | yes   | yes   | no      | no     | no     | no
invitations.roleOptions         | yes   | yes   | no      | no     | no     | no
invitations.seats               | yes   | yes   | no      | no     | no     | no
invitations.invite              | yes   | yes   | no      | no     | no     | no
invitations.invitePeople        | yes   | yes   | no      | no     | no     | no
invitations.checkCsv            | yes   | yes   | no      | no     | no     | no
invitations.importCsv           | yes   | yes   | no      | no     | no     | no
invitations.resend              | yes   | yes   | no      | no     | no     | no
invitations.cancel              | yes   | yes   | no      | no     | no     | no
invitations.preview             | public
invitations.accept              | signed in
invitations.acceptWithNewAccount | public
requests.create                 | yes   | yes   | yes     | yes    | yes    | yes
requests.mine                   | yes   | yes   | yes     | yes    | yes    | yes
requests.withdraw               | yes   | yes   | yes     | yes    | yes    | yes
requests.list                   | yes   | yes   | yes     | no     | no     | no
requests.approve                | yes   | yes   | yes     | no     | no     | no
requests.deny                   | yes   | yes   | yes     | no     | no     | no
grants.list                     | yes   | yes   | no      | no     | no     | no
grants.revoke                   | yes   | yes   | no      | no     | no     | no
billing.overview                | yes   | no    | no      | no     | no     | no
billing.changePlan              | yes   | no    | no      | no     | no     | no
workspaceDeletion.delete        | yes   | no    | no      | no     | no     | no
impersonation.current           | signed in
impersonation.candidates        | yes   | no    | no      | no     | no     | no
impersonation.start             | yes   | no    | no      | no     | no     | no
impersonation.stop              | signed in
impersonation.ofMe              | yes   | yes   | yes     | yes    | yes    | yes
auditLog.list                   | yes   | yes   | no      | no     | no     | no
auditLog.filterChoices          | yes   | yes   | no      | no     | no     | no
auditLog.exportCsv              | yes   | yes   | no      | no     | no     | no
notifications.unreadCount       | signed in
notifications.list              | signed in
notifications.markRead          | signed in
inviteLinks.list                | yes   | yes   | no      | no     | no     | no
inviteLinks.create              | yes   | yes   | no      | no     | no     | no
inviteLinks.turnOff             | yes   | yes   | no      | no     | no     | no
inviteLinks.preview             | public
inviteLinks.join                | signed in
joinRequests.list               | yes   | yes   | no      | no     | no     | no
joinRequests.approve            | yes   | yes   | no      | no     | no     | no
joinRequests.deny               | yes   | yes   | no      | no     | no     | no
domains.list                    | yes   | yes   | no      | no     | no     | no
domains.add                     | yes   | no    | no      | no     | no     | no
domains.resend                  | yes   | no    | no      | no     | no     | no
domains.update                  | yes   | no    | no      | no     | no     | no
domains.remove                  | yes   | no    | no      | no     | no     | no
domains.confirm                 | public
domains.offers                  | signed in
domains.join                    | signed in
`;

export type MatrixRow = { kind: "public" } | { kind: "signed in" } | { kind: "workspace"; allowed: Record<MatrixRole, boolean> };

/** The table above as data; a malformed line throws, naming it. */
export function parseMatrix(table = matrixTable): Map<string, MatrixRow> {
  const rows = new Map<string, MatrixRow>();
  const lines = table.trim().split("\n").slice(1);
  for (const line of lines) {
    const cells = line.split("|").map((c) => c.trim());
    const [path, ...rest] = cells;
    if (!path) throw new Error(`Matrix line without a procedure: ${line}`);
    if (rows.has(path)) throw new Error(`Matrix names ${path} twice`);
    if (rest.length === 1 && (rest[0] === "public" || rest[0] === "signed in")) {
      rows.set(path, { kind: rest[0] });
      continue;
    }
    if (rest.length !== matrixRoles.length || rest.some((c) => c !== "yes" && c !== "no")) throw new Error(`Matrix line for ${path} needs yes/no for each role: ${line}`);
    rows.set(path, { kind: "workspace", allowed: Object.fromEntries(matrixRoles.map((role, i) => [role, rest[i] === "yes"])) as Record<MatrixRole, boolean> });
  }
  return rows;
}

/**
 * Ids a procedure takes, by input field name. Every workspace procedure
 * whose input has one of these fields must have a case in the
 * cross-workspace test (tests/access/authorization-matrix.test.ts) proving
 * that another workspace's id answers NOT_FOUND.
 */
export const idFieldNames = ["id", "membershipId", "roleId", "departmentId", "managerId", "jobId", "invitationId"] as const;
