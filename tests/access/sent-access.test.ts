/**
 * The workspace layout sends a member's access without its second copy when
 * roles give exactly what is held (app/lib/sentAccess.ts); pages get the
 * whole `Access` back, and the give rule reads the same limits as before.
 */
import { expect, it } from "vitest";
import { accessReceived, accessToSend } from "#app/lib/sentAccess";
import type { Access } from "#shared/permissions/access";
import { mayGive } from "#shared/permissions/give";

const base: Access = {
  permissions: { "members.view": "all", "members.manage": "team" },
  heldThroughRoles: { "members.view": "all", "members.manage": "team" },
  modules: { crm: true, recruiting: false },
  builtInRoles: [],
};

it("leaves out what roles give when it equals what is held, and puts it back", () => {
  const sent = accessToSend(base);
  expect("heldThroughRoles" in sent).toBe(false);
  expect(JSON.stringify(sent)).not.toContain("heldThroughRoles");
  expect(accessReceived(JSON.parse(JSON.stringify(sent)) as typeof sent)).toEqual(base);
});

it("sends both when a live grant widens what is held, so a grant is never passed on", () => {
  // A grant gives members.manage over everyone; the member's roles give it over their team only.
  const granted: Access = { ...base, permissions: { "members.view": "all", "members.manage": "all" } };
  const received = accessReceived(JSON.parse(JSON.stringify(accessToSend(granted))) as ReturnType<typeof accessToSend>);
  expect(received).toEqual(granted);
  expect(received.heldThroughRoles["members.manage"]).toBe("team");
  // A permission held only through a grant is missing from what roles give: both copies are sent.
  const onlyGranted: Access = { ...base, permissions: { ...base.permissions, "audit.view": "all" } };
  const back = accessReceived(JSON.parse(JSON.stringify(accessToSend(onlyGranted))) as ReturnType<typeof accessToSend>);
  expect(back.heldThroughRoles["audit.view"]).toBeUndefined();
  expect(mayGive({ access: back, membershipId: "m1" }, { permissions: [{ permission: "audit.view", scope: "all" }] }, ["m2"])).toBe(false);
});
