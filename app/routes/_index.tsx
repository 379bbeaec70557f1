import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Logo } from "../components/AuthLayout";
import { DomainOffers } from "../components/joining/DomainOffers";
import { Alert, buttonClass, Card } from "../components/ui";
import { load } from "../lib/calls.server";
import { passRetryAfter } from "../lib/errors";
import { callForm, formValues, refused } from "../lib/formAnswer.server";

export const meta: MetaFunction = () => [{ title: "Your workspaces · Team Access" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await load(request, () => context.trpc.auth.me(), context.isProduction);
  if (!me) throw redirect("/sign-up");
  const [workspaces, offers] = await Promise.all([load(request, () => context.trpc.workspaces.mine(), context.isProduction), load(request, () => context.trpc.domains.offers(), context.isProduction)]);
  const left = new URL(request.url).searchParams.get("left");
  // Someone offered a workspace through their domain stays here to choose.
  if (offers.length === 0) {
    if (workspaces.length === 0 && !left) throw redirect("/workspaces/new");
    if (workspaces.length === 1 && !left && workspaces[0]) throw redirect(`/w/${workspaces[0].slug}`);
  }
  return json({ me, workspaces, left, offers });
}

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

/** "Join <workspace>" (or "Ask to join") for a workspace offered through the person's verified domain. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  const result = await callForm(context, () => context.trpc.domains.join({ domainId: form.domainId ?? "" }));
  if (!result.ok) return refused(result);
  if (result.value.outcome === "waiting") return redirect("/");
  return redirect(`/w/${result.value.workspaceSlug}`);
}

export default function Home() {
  const { me, workspaces, left, offers } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <div className="flex items-center gap-2">
        <Logo />
        <span className="text-lg font-semibold">Team Access</span>
      </div>
      <h1 className="mt-8 text-2xl font-semibold tracking-tight">Welcome back, {me.name.split(" ")[0]}</h1>
      {left ? (
        <Alert tone="warning" className="mt-4">
          {left === "deleted"
            ? "A workspace you were in has been deleted."
            : left === "left"
              ? "You left the workspace. Your account and your other workspaces are unchanged."
              : "You no longer have access to that workspace."}
        </Alert>
      ) : null}
      <DomainOffers offers={offers} answer={data} busy={navigation.state !== "idle"} />
      <Card className="mt-6">
        <ul className="divide-y divide-slate-100">
          {workspaces.map((w) => (
            <li key={w.slug}>
              <Link to={`/w/${w.slug}`} className="flex items-center justify-between px-4 py-3 hover:bg-slate-50">
                <span className="font-medium text-slate-900">{w.name}</span>
                <span className="text-sm text-slate-500">{w.primaryRole}</span>
              </Link>
            </li>
          ))}
          {workspaces.length === 0 ? <li className="px-4 py-6 text-sm text-slate-600">You are not in any workspace yet.</li> : null}
        </ul>
      </Card>
      <Link to="/workspaces/new" className={buttonClass("secondary", "md", "mt-6")}>
        Create a workspace
      </Link>
    </main>
  );
}
