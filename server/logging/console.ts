/**
 * In the server process, what libraries (and Remix) write with console.*
 * goes through the app's log too: one format, the request's id, redaction.
 */
import { format } from "node:util";
import type { Logger } from "../log";

export function routeConsoleToLog(log: Logger): void {
  const line =
    (write: (message: string, fields?: Record<string, unknown>) => void) =>
    (...args: unknown[]): void => {
      const error = args.find((a): a is Error => a instanceof Error);
      const rest = args.filter((a) => a !== error);
      const message = rest.length > 0 ? format(...rest) : (error?.message ?? "");
      write(message, error ? { error } : undefined);
    };
  console.log = line(log.info);
  console.info = line(log.info);
  console.warn = line(log.warn);
  console.error = line(log.error);
  console.debug = line(log.debug);
}
