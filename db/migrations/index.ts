import type { Migration } from "kysely";
import * as core from "./2026_11_22_001_core";
import * as modulesAndAccess from "./2026_11_22_010_modules_and_access";
import * as teamClosure from "./2026_11_22_011_team_closure";
import * as invitations from "./2026_11_22_020_invitations";
import * as permissionRequests from "./2026_11_22_030_permission_requests";
import * as owner from "./2026_11_22_040_owner";
import * as realtimeAttachments from "./2026_11_22_050_realtime_attachments";
import * as hashedSessions from "./2026_11_26_100_hashed_sessions";
import * as accounts from "./2026_11_26_200_accounts";
import * as accessRails from "./2026_11_26_301_access_rails";
import * as retentionAndTimeZones from "./2026_11_26_401_retention_and_time_zones";
import * as companies from "./2026_11_27_501_companies";
import * as invitationsPerPerson from "./2026_11_27_700_invitations_per_person";
import * as inviteLinksAndDomains from "./2026_11_27_801_invite_links_and_domains";

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
  "2026_11_22_030_permission_requests": permissionRequests,
  "2026_11_22_040_owner": owner,
  "2026_11_22_050_realtime_attachments": realtimeAttachments,
  "2026_11_26_100_hashed_sessions": hashedSessions,
  "2026_11_26_200_accounts": accounts,
  "2026_11_26_301_access_rails": accessRails,
  "2026_11_26_401_retention_and_time_zones": retentionAndTimeZones,
  "2026_11_27_501_companies": companies,
  "2026_11_27_700_invitations_per_person": invitationsPerPerson,
  "2026_11_27_801_invite_links_and_domains": inviteLinksAndDomains,
};
