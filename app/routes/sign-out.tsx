import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { attempt } from "../lib/calls.server";

export async function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  await attempt(() => context.trpc.auth.signOut(), context.isProduction);
  return redirect("/sign-in");
}
