/**
 * Importing people from a CSV (decision 31): `email,roles` with optional
 * `department` and `manager` columns, a header row, roles separated by ";"
 * inside their cell (the first is the primary role). The whole file is
 * checked line by line in one call, before anything is sent; sending checks
 * it again under the workspace lock and writes every line or none.
 */
import type { AppDeps } from "../../deps";
import { type InvitationCsvInput, maxCsvPeople, normaliseAddress } from "../../schemas/invitations";
import { type Db, inTransaction } from "../transaction";
import { planDefinitions } from "../workspaces/plans";
import { parseCsv } from "./csvParse";
import { decideRows, type InviteOutcome, type LockedWorkspace, lockForInviting, type PersonToInvite, writeInvitations } from "./people";
import type { WorkspaceCaller } from "../caller";

export const csvRoleSeparator = ";";
export const csvColumns = ["email", "roles", "department", "manager"] as const;
type CsvColumn = (typeof csvColumns)[number];

export type CsvProblemCode =
  | "unreadable"
  | "header"
  | "empty"
  | "too_many"
  | "cells"
  | "invalid_email"
  | "duplicate"
  | "no_role"
  | "unknown_role"
  | "unknown_department"
  | "unknown_manager"
  | Exclude<InviteOutcome, "invited" | "invalid" | "duplicate">;

export interface CsvProblem {
  /** The file's line (the header is line 1), or null for the file as a whole. */
  line: number | null;
  code: CsvProblemCode;
  message: string;
}

export interface CsvPerson {
  line: number;
  email: string;
  /** Primary first. */
  roles: string[];
  department: string | null;
  manager: string | null;
}

export interface CsvCheck {
  /** True when every line can be sent as it is. */
  ok: boolean;
  /** People read from the file (lines with a usable address and roles). */
  people: CsvPerson[];
  /** Lines in the file under the header. */
  lines: number;
  problems: CsvProblem[];
  seats: { limit: number | null; used: number; after: number; planLabel: string; onTrial: boolean };
}

export interface CsvImportResult extends CsvCheck {
  /** How many invitations were created: every line's, or none. */
  sent: number;
}

const listRoles = (names: string[]) => names.join(", ");

interface Lookups {
  roles: Array<{ id: string; name: string }>;
  departments: Array<{ id: string; name: string }>;
  managers: Array<{ id: string; email: string; name: string }>;
}

async function lookups(db: Db, workspaceId: string, managerEmails: string[]): Promise<Lookups> {
  const [roles, departments, managers] = await Promise.all([
    db.selectFrom("roles").select(["id", "name", "builtin_key"]).where("workspace_id", "=", workspaceId).execute(),
    db.selectFrom("departments").select(["id", "name"]).where("workspace_id", "=", workspaceId).execute(),
    managerEmails.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom("memberships as m")
          .innerJoin("users as u", "u.id", "m.user_id")
          .select(["m.id", "u.email", "u.name"])
          .where("m.workspace_id", "=", workspaceId)
          .where("m.status", "=", "active")
          .where("u.email", "in", managerEmails)
          .execute(),
  ]);
  const order = ["owner", "admin", "manager", "member", "viewer"];
  roles.sort((a, b) => (a.builtin_key ? order.indexOf(a.builtin_key) : 99) - (b.builtin_key ? order.indexOf(b.builtin_key) : 99) || a.name.localeCompare(b.name));
  return { roles, departments, managers };
}

function headerProblem(message: string): CsvProblem {
  return { line: 1, code: "header", message };
}

/** Checks the file against the workspace as it is now; the caller passes a locked workspace when it is about to send. */
export async function checkCsv(
  db: Db,
  inviter: WorkspaceCaller,
  workspace: LockedWorkspace,
  csv: string,
): Promise<{ check: CsvCheck; people: PersonToInvite[]; verdicts: Awaited<ReturnType<typeof decideRows>>["verdicts"] }> {
  const problems: CsvProblem[] = [];
  const seatsNow = (used: number, after: number, limit: number | null) => ({
    limit,
    used,
    after,
    planLabel: planDefinitions[workspace.plan].label,
    onTrial: workspace.trial_ends_at.getTime() > Date.now(),
  });
  const fail = async (problem: CsvProblem, lines = 0) => {
    const { seats } = await decideRows(db, inviter, workspace, []);
    return { check: { ok: false, people: [], lines, problems: [problem], seats: seatsNow(seats.used, seats.used, seats.limit) }, people: [], verdicts: [] };
  };

  const parsed = parseCsv(csv);
  if (!parsed.ok) return fail({ line: parsed.line, code: "unreadable", message: parsed.message });
  const [header, ...rows] = parsed.records;
  if (!header) return fail({ line: null, code: "empty", message: "The file is empty. Its first line names the columns: email,roles (department and manager are optional)." });

  // The header: which column is which.
  const names = header.cells.map((c) => c.trim().toLowerCase());
  if (names.length === 1 && (names[0] ?? "").includes(";")) {
    return fail(headerProblem('Line 1: the columns are separated by ";". Separate columns with commas (","); ";" separates roles inside the roles cell.'));
  }
  const position = new Map<CsvColumn, number>();
  for (const [index, name] of names.entries()) {
    if (name === "" && index === names.length - 1) continue; // a trailing comma
    if (!(csvColumns as readonly string[]).includes(name)) {
      return fail(headerProblem(`Line 1: unknown column "${header.cells[index]?.trim() ?? ""}". The columns are email and roles, and optionally department and manager.`));
    }
    if (position.has(name as CsvColumn)) return fail(headerProblem(`Line 1: the column "${name}" appears twice.`));
    position.set(name as CsvColumn, index);
  }
  if (!position.has("email") || !position.has("roles")) {
    return fail(headerProblem("Line 1: the first line must name the columns, with at least email and roles (for example: email,roles,department,manager)."));
  }
  if (rows.length === 0) return fail({ line: null, code: "empty", message: "The file has a header but no people under it." });
  if (rows.length > maxCsvPeople) {
    return fail({ line: null, code: "too_many", message: `This file has ${rows.length} people; you can import at most ${maxCsvPeople} at once. Split it into smaller files.` }, rows.length);
  }

  const cellOf = (cells: string[], column: CsvColumn): string => {
    const at = position.get(column);
    return at === undefined ? "" : (cells[at] ?? "").trim();
  };
  const managerEmails = [...new Set(rows.flatMap((r) => normaliseAddress(cellOf(r.cells, "manager")) ?? []))];
  const found = await lookups(db, workspace.id, managerEmails);
  const roleByName = new Map(found.roles.map((r) => [r.name.trim().toLowerCase(), r]));
  const departmentByName = new Map(found.departments.map((d) => [d.name.trim().toLowerCase(), d]));
  const managerByEmail = new Map(found.managers.map((m) => [m.email, m]));
  const roleNamesHere = listRoles(found.roles.map((r) => r.name));

  const people: CsvPerson[] = [];
  const toDecide: Array<{ line: number; person: PersonToInvite }> = [];
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const line = row.line;
    const lineProblems: CsvProblem[] = [];
    const extra = row.cells.slice(names.length).filter((c) => c.trim() !== "");
    if (extra.length > 0) lineProblems.push({ line, code: "cells", message: `Line ${line}: ${row.cells.length} cells, but the header names ${names.length} columns. Put a cell that holds a comma in double quotes.` });

    const typed = cellOf(row.cells, "email");
    const email = normaliseAddress(typed);
    if (!email) lineProblems.push({ line, code: "invalid_email", message: typed ? `Line ${line}: "${typed}" is not a valid email address.` : `Line ${line}: the email cell is empty.` });
    else if (firstLine.has(email)) lineProblems.push({ line, code: "duplicate", message: `Line ${line}: ${email} appears again (first on line ${firstLine.get(email)}).` });
    else firstLine.set(email, line);

    const roleNames = [
      ...new Set(
        cellOf(row.cells, "roles")
          .split(csvRoleSeparator)
          .map((r) => r.trim())
          .filter(Boolean),
      ),
    ];
    const roles = roleNames.map((name) => roleByName.get(name.toLowerCase()));
    if (roleNames.length === 0) {
      lineProblems.push({ line, code: "no_role", message: `Line ${line}: no role given. Name one or more roles, separated by "${csvRoleSeparator}" (the first is the primary role).` });
    }
    roleNames.forEach((name, i) => {
      if (!roles[i]) lineProblems.push({ line, code: "unknown_role", message: `Line ${line}: unknown role "${name}". Roles in this workspace: ${roleNamesHere}.` });
    });

    const departmentName = cellOf(row.cells, "department");
    const department = departmentName ? departmentByName.get(departmentName.toLowerCase()) : undefined;
    if (departmentName && !department) {
      const known = found.departments.map((d) => d.name).sort((a, b) => a.localeCompare(b));
      lineProblems.push({
        line,
        code: "unknown_department",
        message: `Line ${line}: unknown department "${departmentName}". ${known.length > 0 ? `Departments in this workspace: ${known.join(", ")}.` : "This workspace has no departments yet."}`,
      });
    }
    const managerTyped = cellOf(row.cells, "manager");
    const manager = managerTyped ? managerByEmail.get(normaliseAddress(managerTyped) ?? "") : undefined;
    if (managerTyped && !manager) {
      lineProblems.push({ line, code: "unknown_manager", message: `Line ${line}: the manager "${managerTyped}" is not an active member of this workspace (give their email address).` });
    }

    if (email) {
      people.push({
        line,
        email,
        roles: roles.flatMap((r) => (r ? [r.name] : [])),
        department: department?.name ?? null,
        manager: manager ? `${manager.name} (${manager.email})` : null,
      });
    }
    problems.push(...lineProblems);
    if (lineProblems.length === 0 && email) {
      const roleIds = roles.flatMap((r) => (r ? [r.id] : []));
      toDecide.push({
        line,
        person: { input: email, roleIds, primaryRoleId: roleIds[0] as string, departmentId: department?.id ?? null, managerId: manager?.id ?? null },
      });
    }
  }

  // The same answers as the dialog: rails, already a member or invited, seats, hourly allowance.
  const { verdicts, seats } = await decideRows(
    db,
    inviter,
    workspace,
    toDecide.map((d) => d.person),
  );
  let overSeats = 0;
  let overAllowance: string | null = null;
  verdicts.forEach((verdict, i) => {
    const line = toDecide[i]?.line ?? null;
    const { outcome, message } = verdict.result;
    if (outcome === "invited") return;
    if (outcome === "seat_limit") overSeats += 1;
    else if (outcome === "rate_limited") overAllowance = message;
    else problems.push({ line, code: outcome === "invalid" ? "invalid_email" : outcome, message: `Line ${line}: ${message}` });
  });
  const wanted = people.length;
  if (overSeats > 0 && seats.limit !== null) {
    const free = Math.max(0, seats.limit - seats.used);
    problems.push({
      line: null,
      code: "seat_limit",
      message: `This file invites ${wanted} ${wanted === 1 ? "person" : "people"}, but your ${planDefinitions[workspace.plan].label} plan has ${free} free ${free === 1 ? "seat" : "seats"} (up to ${seats.limit} users; ${seats.used} in use, members and pending invitations). Upgrade the plan or invite fewer people.`,
    });
  }
  if (overAllowance) problems.push({ line: null, code: "rate_limited", message: overAllowance });
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  return {
    check: { ok: problems.length === 0, people, lines: rows.length, problems, seats: seatsNow(seats.used, seats.used + wanted, seats.limit) },
    people: toDecide.map((d) => d.person),
    verdicts,
  };
}

async function workspaceOf(db: Db, workspaceId: string): Promise<LockedWorkspace> {
  return db.selectFrom("workspaces").select(["id", "name", "plan", "trial_ends_at"]).where("id", "=", workspaceId).executeTakeFirstOrThrow();
}

/** Checks a file without sending anything (one round trip for the whole file). */
export async function checkInvitationCsv(deps: AppDeps, inviter: WorkspaceCaller, input: InvitationCsvInput): Promise<CsvCheck> {
  const workspace = await workspaceOf(deps.db, inviter.workspace.id);
  return (await checkCsv(deps.db, inviter, workspace, input.csv)).check;
}

/**
 * Sends a file: checked again under the workspace lock (someone may have
 * joined or been invited since the check), then every line is invited, or,
 * when any line has a problem, none is and the problems come back.
 */
export async function importInvitationCsv(deps: AppDeps, inviter: WorkspaceCaller, input: InvitationCsvInput): Promise<CsvImportResult> {
  return inTransaction(deps, async (tx) => {
    const parsed = parseCsv(input.csv);
    // Every cell that reads as an address (emails and managers): stale invitations to them are expired first, as when inviting.
    const emails = parsed.ok ? parsed.records.slice(1).flatMap((r) => r.cells) : [];
    const workspace = await lockForInviting(tx, inviter.workspace.id, emails.slice(0, 4 * maxCsvPeople));
    const { check, verdicts } = await checkCsv(tx.db, inviter, workspace, input.csv);
    if (!check.ok) return { ...check, sent: 0 };
    const sent = await writeInvitations(deps, tx, inviter, workspace, verdicts, input.message);
    if (sent !== verdicts.length) {
      // Impossible under the lock (the unique index would be the only way): keep the promise of all or nothing.
      throw new Error(`CSV import wrote ${sent} of ${verdicts.length} invitations`);
    }
    return { ...check, sent };
  });
}
