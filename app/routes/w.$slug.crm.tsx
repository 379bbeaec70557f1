/** CRM: the module's records within the viewer's scope, and the actions their permissions allow. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { ModuleRecordsPage } from "../components/records/ModuleRecordsPage";
import { loadModuleRecords } from "../lib/moduleRecords.server";

export const meta: MetaFunction = () => [{ title: "CRM · Team Access" }];

export const loader = async (args: LoaderFunctionArgs) => json(await loadModuleRecords(args, "crm"));

export default function CrmPage() {
  return <ModuleRecordsPage {...useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
