import { expect, it } from "vitest";
import type { DatabaseHandle } from "#db/client";
import { seedDemoWorkspace } from "../seeds/demo";
import { demoInvitations, seedDemoInvitations } from "../seeds/invitations";
import { databaseForTests } from "./helpers/db";

let handle: DatabaseHandle;
databaseForTests((started) => (handle = started), 2);

it("seeds the demo workspace's pending and expired invitations once, however often it runs", async () => {
  const seeded = await seedDemoWorkspace(handle.db);
  expect(await seedDemoInvitations(handle.db, seeded)).toBe(demoInvitations.length);
  expect(await seedDemoInvitations(handle.db, seeded)).toBe(0);
  const rows = await handle.db.selectFrom("invitations").select(["email", "status"]).where("workspace_id", "=", seeded.workspaceId).orderBy("email").execute();
  expect(rows.filter((r) => r.status === "pending")).toHaveLength(3);
  expect(rows.filter((r) => r.status === "expired")).toHaveLength(1);
  const roles = await handle.db.selectFrom("invitation_roles").select("invitation_id").where("is_primary", "=", true).execute();
  expect(roles).toHaveLength(demoInvitations.length);
});
