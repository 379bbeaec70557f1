/** The Audit Log as a CSV download, with the same filters as the page. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownloadHeaders } from "../../server/http/download";
import { load } from "../lib/calls.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const url = new URL(request.url);
  const get = (key: string) => url.searchParams.get(key) ?? "";
  const filters = { actorUserId: get("actor"), action: get("action"), target: get("target"), from: get("from"), to: get("to") };
  const exported = await load(request, () => context.trpc.auditLog.exportCsv({ workspaceSlug, filters }), context.isProduction);
  // The name comes from the server (the workspace's own address), never from the URL.
  return new Response(exported.csv, { headers: csvDownloadHeaders(exported.filename) });
}
