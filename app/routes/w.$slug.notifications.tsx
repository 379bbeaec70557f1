/**
 * The user's notifications: invitation accepted, request awaiting decision,
 * request decided, role changed, removed from a workspace. New ones arrive
 * live; mark one or all read.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { Button, Card, EmptyState, PageHeader, cx } from "../components/ui";
import { load } from "../lib/calls.server";
import { usePageRefresh } from "../lib/liveRefresh";
import { Time } from "../lib/time";
import { trpc } from "../lib/trpc";

export const meta: MetaFunction = () => [{ title: "Notifications · Team Access" }];

const listInput = { limit: 100, unreadOnly: false };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const inbox = await load(request, () => context.trpc.notifications.list(listInput), context.isProduction);
  return json({ inbox });
}

export default function NotificationsPage() {
  const { inbox } = useLoaderData<typeof loader>();
  // New and read notifications refresh every workspace page (the layout listens, for the bell), this list with it.
  const markRead = trpc.notifications.markRead.useMutation({ onSuccess: usePageRefresh() });

  return (
    <>
      <PageHeader
        title="Notifications"
        description={inbox.unread === 0 ? "You're all caught up." : `${inbox.unread} unread`}
        actions={
          inbox.unread > 0 ? (
            <Button variant="secondary" onClick={() => markRead.mutate({ all: true })} busy={markRead.isPending}>
              Mark all as read
            </Button>
          ) : null
        }
      />
      <Card>
        {inbox.notifications.length === 0 ? (
          <EmptyState title="No notifications yet">You'll hear here when an invitation is accepted, a request needs you, or your access changes.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-live="polite">
            {inbox.notifications.map((n) => (
              <li key={n.id} data-testid="notification" data-read={n.read} className={cx("flex items-start gap-3 px-4 py-3", !n.read && "bg-indigo-50/50")}>
                <span aria-hidden="true" className={cx("mt-1.5 h-2 w-2 shrink-0 rounded-full", n.read ? "bg-transparent" : "bg-indigo-600")} />
                <div className="min-w-0 flex-1">
                  <p className={cx("text-sm", n.read ? "text-slate-700" : "font-semibold text-slate-900")}>
                    {n.link ? (
                      <Link to={n.link} className="hover:underline" onClick={() => !n.read && markRead.mutate({ ids: [n.id] })}>
                        {n.title}
                      </Link>
                    ) : (
                      n.title
                    )}
                  </p>
                  {n.body ? <p className="mt-0.5 text-sm text-slate-600">{n.body}</p> : null}
                  <p className="mt-0.5 text-xs text-slate-500">
                    <Time value={n.createdAt} style="dayTime" />
                    {n.workspaceName ? ` · ${n.workspaceName}` : ""}
                  </p>
                </div>
                {!n.read ? (
                  <Button variant="ghost" size="sm" onClick={() => markRead.mutate({ ids: [n.id] })} aria-label={`Mark "${n.title}" as read`}>
                    Mark read
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {inbox.hasMore ? <p className="mt-3 text-sm text-slate-500">Showing the latest 100.</p> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
