/**
 * The id of the request that rendered this document (X-Request-Id), so an
 * error page can show a reference a person can quote. The server provides
 * it while rendering; the browser reads it back from the page's
 * <meta name="request-id"> before hydrating, so both render the same.
 */
import { useLocation } from "@remix-run/react";
import { createContext, useContext, useEffect } from "react";

const RequestIdContext = createContext<string>("");
export const RequestIdProvider = RequestIdContext.Provider;

export function useDocumentRequestId(): string {
  return useContext(RequestIdContext);
}

export function requestIdFromDocument(): string {
  return document.querySelector('meta[name="request-id"]')?.getAttribute("content") ?? "";
}

/**
 * The address the document was served for (null while rendering on the
 * server, which renders only that address), and whether the browser has
 * been anywhere else since.
 */
const documentAddress = typeof window === "undefined" ? null : `${window.location.pathname}${window.location.search}`;
let leftDocument = false;

/**
 * Whether the page shown is still the one the document was served for, so
 * an error on it is the document's own and its request id is the reference
 * to quote. Decided by the address, not by React Router's location key: on
 * an address no route matches, the router settles the address again while
 * the page hydrates, under a new key, and the server's text would then
 * differ from the browser's first render (a hydration error) or vanish.
 */
export function useOnDocumentAddress(): boolean {
  const location = useLocation();
  if (documentAddress === null) return true;
  return !leftDocument && `${location.pathname}${location.search}` === documentAddress;
}

/** Notes when the browser leaves the document's address (once left, coming back is a navigation like any other). */
export function useTrackDocumentAddress(): void {
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  useEffect(() => {
    if (documentAddress !== null && here !== documentAddress) leftDocument = true;
  }, [here]);
}
