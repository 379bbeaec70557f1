import { isRouteErrorResponse, Link, useParams } from "@remix-run/react";
import { readError } from "../lib/errors";
import { useDocumentRequestId, useOnDocumentAddress } from "../lib/requestId";
import { forbiddenPermissionOf, requestAccessHref } from "./requests/RequestAccess";
import { buttonClass } from "./ui";

/** A clear page for "no access", "not found" and failures; never a crash or a stack. */
export function ErrorPage({ error }: { error: unknown }) {
  let title = "Something went wrong";
  let message = "We couldn't show this page. Please try again in a moment.";
  let status = 500;
  // A page refused for lack of a permission offers to ask for it.
  const { slug } = useParams();
  const missing = slug && isRouteErrorResponse(error) ? forbiddenPermissionOf(error.data) : null;
  // The reference to quote: the failed data request's id, or on the first page of a visit the document's.
  const documentRequestId = useDocumentRequestId();
  const onDocumentAddress = useOnDocumentAddress();
  const dataRequestId = isRouteErrorResponse(error) && error.data && typeof error.data === "object" ? readError(error.data).requestId : null;
  const reference = dataRequestId ?? (onDocumentAddress ? documentRequestId : "");
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const data: unknown = error.data;
    // Remix's own words ("Error: No route matches URL …") are for developers, not for the page.
    const detail =
      typeof data === "string"
        ? data.startsWith("Error:") || data === ""
          ? undefined
          : data
        : data && typeof data === "object" && "message" in data && typeof data.message === "string" && data.message !== ""
          ? data.message
          : undefined;
    if (status === 404) {
      title = "Not found";
      message = detail ?? "We couldn't find that page. It may have been removed, or you may not have access to it.";
    } else if (status === 403) {
      title = "No access";
      message = detail ?? "You don't have permission to see this page. Ask a workspace admin if you need access.";
    } else if (status === 503) {
      title = "Briefly unavailable";
      message = detail ?? "The service is briefly unavailable. Please try again in a few seconds.";
    } else if (detail) {
      message = detail;
    }
  }
  return (
    <main className="flex min-h-full items-center justify-center px-6 py-24">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-indigo-600">{status}</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900">{title}</h1>
        <p className="mt-4 text-base text-slate-600">{message}</p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          {slug && missing ? (
            <Link to={requestAccessHref(slug, missing)} className={buttonClass("primary")}>
              Request access
            </Link>
          ) : null}
          <Link to="/" className={buttonClass(slug && missing ? "secondary" : "primary")}>
            Go to my workspaces
          </Link>
        </div>
        {reference ? (
          <p className="mt-8 text-xs text-slate-500" data-testid="error-reference">
            If you contact support, quote this reference: <span className="font-mono">{reference}</span>
          </p>
        ) : null}
      </div>
    </main>
  );
}
