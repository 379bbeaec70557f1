/**
 * Every procedure declares who may call it, in one place. This walks the
 * whole router: a procedure with no declaration (or a workspace procedure
 * without a permission) fails the build.
 */
import { describe, expect, it } from "vitest";
import { isPermission } from "#shared/permissions/catalogue";
import type { ProcedureMeta } from "#server/trpc/trpc";
import { appRouter } from "#server/router";

interface ProcedureDef {
  meta?: ProcedureMeta;
  inputs: unknown[];
}

function procedures(): Array<[string, ProcedureDef]> {
  // At run time this is flat: "auth.signIn" -> procedure.
  const record = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>;
  return Object.entries(record).map(([path, procedure]) => [path, procedure._def]);
}

function takesWorkspace(def: ProcedureDef): boolean {
  return def.inputs.some((input) => {
    const shape = (input as { shape?: Record<string, unknown> }).shape;
    return Boolean(shape && "workspaceSlug" in shape);
  });
}

describe("the router", () => {
  it("has procedures", () => {
    expect(procedures().length).toBeGreaterThan(5);
  });

  it.each(procedures())("%s declares who may call it", (_path, def) => {
    const access = def.meta?.access;
    expect(access, "no access declared").toBeDefined();
    if (!access) return;
    if (takesWorkspace(def)) {
      expect("permission" in access || "member" in access, "a workspace procedure must name a permission or 'member'").toBe(true);
      if ("permission" in access) expect(isPermission(access.permission)).toBe(true);
    } else {
      expect("public" in access || "signedIn" in access).toBe(true);
    }
  });
});
