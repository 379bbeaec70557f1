import type { Access } from "#shared/permissions/access";
import type { Actor } from "../audit";

/** The caller of a request procedure: who they are in which workspace. */
export interface RequestCaller {
  actor: Actor;
  userId: string;
  workspace: { id: string; slug: string; name: string };
  membershipId: string;
  access: Access;
}
