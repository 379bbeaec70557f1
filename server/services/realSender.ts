/**
 * Who really sent an email, when it is not the person it is sent in the
 * name of: an Owner viewing the app as that member, or someone resending
 * another person's invitation. Emails then say so (emails/layout.ts).
 */
import type { SentBy } from "#emails/layout";
import type { Actor } from "./audit";
import type { Db } from "./transaction";

export async function realSender(db: Db, actor: Actor, inTheNameOf: string | null): Promise<SentBy | null> {
  const keyboard = actor.impersonatorUserId ?? actor.userId;
  if (!keyboard || (keyboard === inTheNameOf && !actor.impersonatorUserId)) return null;
  const ids = [keyboard, ...(actor.impersonatorUserId && actor.userId ? [actor.userId] : [])];
  const people = await db.selectFrom("users").select(["id", "name", "email"]).where("id", "in", ids).execute();
  const sender = people.find((p) => p.id === keyboard);
  if (!sender) return null;
  const viewed = actor.impersonatorUserId ? people.find((p) => p.id === actor.userId) : undefined;
  return { name: sender.name, email: sender.email, viewingAs: viewed?.name ?? null };
}
