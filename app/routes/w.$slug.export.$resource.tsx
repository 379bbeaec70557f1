/** CSV downloads for the record lists, with the list's filters and the viewer's export scope. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownloadHeaders } from "../../server/http/download";
import { load } from "../lib/calls.server";
import { listParamsFrom } from "../lib/listParams";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const url = new URL(request.url);
  const { query, departmentId } = listParamsFrom(url);
  const filters = { workspaceSlug, query, departmentId };
  let file: { filename: string; csv: string };
  switch (params.resource) {
    case "contacts":
      file = await load(request, () => context.trpc.crm.contacts.export(filters), context.isProduction);
      break;
    case "jobs":
      file = await load(request, () => context.trpc.recruiting.jobs.export(filters), context.isProduction);
      break;
    case "candidates":
      file = await load(request, () => context.trpc.recruiting.candidates.export(filters), context.isProduction);
      break;
    default:
      throw new Response("Not found", { status: 404 });
  }
  return new Response(file.csv, { headers: csvDownloadHeaders(file.filename) });
}
