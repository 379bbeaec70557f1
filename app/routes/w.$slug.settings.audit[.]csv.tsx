/** The Audit Log as a CSV download, with the same filters as the page. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownloadHeaders } from "#shared/http/download";
import { load } from "../lib/calls.server";
import { timeHintsOfRequest } from "#shared/time/hints";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const url = new URL(request.url);
  const get = (key: string) => url.searchParams.get(key) ?? "";
  // The same days as the page's filters: the reader's time zone (the times in the file stay UTC).
  const { timeZone } = timeHintsOfRequest(request);
  const filters = { actorUserId: get("actor"), action: get("action"), target: get("target"), from: get("from"), to: get("to"), timeZone };
  const exported = await load(request, () => context.trpc.auditLog.exportCsv({ workspaceSlug, filters }), context.isProduction);
  // The name comes from the server (the workspace's own address), never from the URL.
  return new Response(exported.csv, { headers: csvDownloadHeaders(exported.filename) });
}
