/**
 * The id of the request that rendered this document (X-Request-Id), so an
 * error page can show a reference a person can quote. The server provides
 * it while rendering; the browser reads it back from the page's
 * <meta name="request-id"> before hydrating, so both render the same.
 */
import { createContext, useContext } from "react";

const RequestIdContext = createContext<string>("");
export const RequestIdProvider = RequestIdContext.Provider;

export function useDocumentRequestId(): string {
  return useContext(RequestIdContext);
}

export function requestIdFromDocument(): string {
  return document.querySelector('meta[name="request-id"]')?.getAttribute("content") ?? "";
}
