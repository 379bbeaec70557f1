/** The Audit Log as a CSV download, with the same filters as the page. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "../lib/calls.server";
import { timeHintsOfRequest } from "../../server/time/hints";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const url = new URL(request.url);
  const get = (key: string) => url.searchParams.get(key) ?? "";
  // The same days as the page's filters: the reader's time zone (the times in the file stay UTC).
  const { timeZone } = timeHintsOfRequest(request);
  const filters = { actorUserId: get("actor"), action: get("action"), target: get("target"), from: get("from"), to: get("to"), timeZone };
  const exported = await load(request, () => context.trpc.auditLog.exportCsv({ workspaceSlug, filters }), context.isProduction);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(exported.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${workspaceSlug}-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
