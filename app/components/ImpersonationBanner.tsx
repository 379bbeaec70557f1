/**
 * Shown on every page while an owner views the app as another member:
 * who is being viewed, until when, and a way back. The Stop form reloads
 * the whole document so every cached query and the live connection start
 * again as the owner.
 */
import { Form } from "@remix-run/react";
import { Time } from "../lib/time";

export interface ImpersonationSummary {
  workspaceSlug: string;
  workspaceName: string;
  member: { name: string; email: string };
  expiresAt: string;
}

export function ImpersonationBanner({ impersonation, currentSlug }: { impersonation: ImpersonationSummary; currentSlug: string }) {
  const here = impersonation.workspaceSlug === currentSlug;
  return (
    <div role="status" data-testid="impersonation-banner" className="z-30 bg-amber-400 lg:sticky lg:top-0 px-4 py-2 text-sm text-amber-950 shadow">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2">
        <p>
          {here ? "You are viewing this workspace as " : `You are still viewing ${impersonation.workspaceName} as `}
          <strong className="font-semibold">{impersonation.member.name}</strong>
          <span className="hidden sm:inline"> ({impersonation.member.email})</span>. Everything you do is recorded with both your names. Ends at <Time value={impersonation.expiresAt} style="time" />.
        </p>
        <Form method="post" action={`/w/${impersonation.workspaceSlug}/view-as`} reloadDocument>
          <input type="hidden" name="intent" value="stop" />
          <button type="submit" className="rounded-md bg-amber-950 px-3 py-1.5 text-sm font-semibold text-white hover:bg-amber-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-white">
            Stop viewing as {impersonation.member.name.split(" ")[0]}
          </button>
        </Form>
      </div>
    </div>
  );
}
