import type { Migration } from "kysely";
import * as core from "./2026_11_22_001_core";
import * as modulesAndAccess from "./2026_11_22_010_modules_and_access";
import * as teamClosure from "./2026_11_22_011_team_closure";
import * as invitations from "./2026_11_22_020_invitations";

/**
 * Every migration, in order. Listed statically (rather than read from the
 * folder) so that the typecheck covers them and the bundle needs no file
 * system scan. Names are date-prefixed; Kysely runs them in name order.
 */
export const migrations: Record<string, Migration> = {
  "2026_11_22_001_core": core,
  "2026_11_22_010_modules_and_access": modulesAndAccess,
  "2026_11_22_011_team_closure": teamClosure,
  "2026_11_22_020_invitations": invitations,
};
