import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { callForm } from "../lib/formAnswer.server";

export async function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  // Signed out either way: a session already gone is no reason to stay.
  await callForm(context, () => context.trpc.auth.signOut());
  return redirect("/sign-in");
}
