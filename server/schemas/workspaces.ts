import { z } from "zod";

export const workspaceNameSchema = z.string({ required_error: "Name your workspace." }).trim().min(1, "Name your workspace.").max(80, "Workspace names can be at most 80 characters.");

export const workspaceAddressSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters.")
  .max(48, "Use at most 48 characters.")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lower-case letters, digits and dashes (not at the start or end).");

export const createWorkspaceInput = z.object({
  name: workspaceNameSchema,
  /** The address in URLs (/w/<slug>); derived from the name when left empty. */
  slug: workspaceAddressSchema.optional(),
});
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceInput>;

export const reservedSlugs = new Set(["new", "admin", "api", "trpc", "socket-io", "settings", "dev", "static", "assets", "build"]);

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return base.length >= 2 ? base : `workspace${base ? `-${base}` : ""}`;
}
