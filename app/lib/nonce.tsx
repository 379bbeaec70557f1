import { createContext, useContext } from "react";

const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;

/** The CSP nonce for this response's inline scripts (empty in the browser after hydration). */
export function useNonce(): string {
  return useContext(NonceContext);
}
