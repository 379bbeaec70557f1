import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "./lib/nonce";
import { RequestIdProvider } from "./lib/requestId";

/**
 * Pages render to one string and go out in one write: no page streams
 * (nothing is deferred), so streaming only cost CPU, chunk by chunk through
 * a Node stream, a web stream and back (decision 29). Bots and browsers get
 * the same complete document.
 */
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext.cspNonce;
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RequestIdProvider value={loadContext.requestId}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </RequestIdProvider>
    </NonceProvider>,
  );
  const document = `<!DOCTYPE html>${html}`;
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // With its length known, the answer is not chunked: headers and page leave in one write, and ending it writes nothing more.
  responseHeaders.set("Content-Length", String(Buffer.byteLength(document)));
  return new Response(document, { headers: responseHeaders, status: responseStatusCode });
}

/**
 * A URL nobody serves (a 404 page) and a request the browser gave up on are
 * not server failures: logging them would bury the real ones (and let anyone
 * fill the log by asking for made-up pages).
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  context.log.error("page failed", { error });
};
