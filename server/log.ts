type Level = "debug" | "info" | "warn" | "error" | "silent";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function format(fields?: Record<string, unknown>): string {
  if (!fields) return "";
  const parts = Object.entries(fields).map(([k, v]) => {
    const value = v instanceof Error ? (v.stack ?? v.message) : typeof v === "string" ? v : JSON.stringify(v);
    return `${k}=${value}`;
  });
  return parts.length ? ` ${parts.join(" ")}` : "";
}

export function createLogger(level: Level): Logger {
  const enabled = (l: Level) => order[l] >= order[level];
  return {
    debug: (m, f) => enabled("debug") && console.debug(`[debug] ${m}${format(f)}`),
    info: (m, f) => enabled("info") && console.info(`${m}${format(f)}`),
    warn: (m, f) => enabled("warn") && console.warn(`[warn] ${m}${format(f)}`),
    error: (m, f) => enabled("error") && console.error(`[error] ${m}${format(f)}`),
  };
}
