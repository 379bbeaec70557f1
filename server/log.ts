/**
 * The app's log, on pino: one JSON object per line in production (for a log
 * pipeline), readable lines in development. Every line written while a
 * request is handled carries its request id, user and workspace (written
 * through the request's logger, `requestLogger` below; the trace is handed
 * along, server/logging/requestContext.ts), and nothing secret
 * (server/logging/redact.ts).
 *
 * The `Logger` interface is what the code uses: `log.info(message, fields)`.
 */
import { createRequire } from "node:module";
import pino, { type DestinationStream } from "pino";
import { redactFields, redactText } from "./logging/redact";
import { type RequestTrace, traceFields } from "./logging/requestContext";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFormat = "json" | "pretty";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** json in production, pretty elsewhere, unless said. */
  format?: LogFormat;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
}

/** pino-pretty is a development dependency: without it (a production install) lines stay JSON. */
function prettyStream(destination: DestinationStream | undefined): DestinationStream | null {
  try {
    const require = createRequire(import.meta.url);
    const pretty = require("pino-pretty") as (options: Record<string, unknown>) => DestinationStream;
    return pretty({
      colorize: !destination && Boolean(process.stdout.isTTY),
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname",
      singleLine: true,
      sync: true,
      ...(destination ? { destination } : {}),
    });
  } catch {
    return null;
  }
}

export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.env.NODE_ENV === "production" ? "json" : "pretty");
  const destination = (format === "pretty" && level !== "silent" ? prettyStream(options.destination) : null) ?? options.destination ?? pino.destination({ sync: true });
  const base = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const write =
    (method: "debug" | "info" | "warn" | "error") =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (!base.isLevelEnabled(method)) return;
      base[method](fields ? redactFields(fields) : {}, redactText(message));
    };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/**
 * The log as one request writes it: each line carries the request's id,
 * user and workspace as they are when the line is written (the trace fills
 * in while the request is handled); the line's own fields win.
 */
export function requestLogger(log: Logger, trace: RequestTrace): Logger {
  const write =
    (method: "debug" | "info" | "warn" | "error") =>
    (message: string, fields?: Record<string, unknown>): void =>
      log[method](message, fields ? { ...traceFields(trace), ...fields } : traceFields(trace));
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
