/**
 * What never reaches a log line: cookies, session ids, tokens, passwords,
 * API keys, and invitation and account links (whose path is the token). Field names are
 * matched anywhere in the logged object; free text (messages, error
 * messages, URLs) is scrubbed of the patterns that carry a secret.
 */

export const redacted = "[redacted]";

const sensitiveKey = /pass(word|phrase)?$|secret|token|cookie|authorization|session_?id|api_?key|credential|^hash$/i;

const sensitiveText: Array<[RegExp, string]> = [
  // /invite/<token>: the link itself lets anyone join. /reset-password/<token>
  // and /verify-email/<token> (server/auth/accountTokens.ts): the first sets
  // the account's password, the second confirms or moves its address.
  [/(\/(?:invite|join|verify-domain|reset-password|verify-email)\/)[^\s/?#"'<>]+/g, `$1${redacted}`],
  // Authorization: Bearer <token>
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${redacted}`],
  // name=value pairs whose name says secret (cookies, query strings, form bodies).
  [/\b([A-Za-z0-9_-]*(?:session|token|password|secret|api_?key)[A-Za-z0-9_-]*)=([^;&\s"']+)/gi, `$1=${redacted}`],
  // Postmark's server token header when an HTTP library prints its request.
  [/(X-Postmark-Server-Token["']?\s*[:=]\s*["']?)[^"',\s}]+/gi, `$1${redacted}`],
];

/**
 * A word every pattern above needs (case aside): text without one has nothing
 * to scrub, and most of what is logged (ids, methods, paths, addresses) has none.
 * A pattern added above must add its word here (tests/operate/logging.test.ts checks each).
 */
export const mayHoldSecret = /invite|join|verify-domain|reset-password|verify-email|bearer|basic|session|token|password|secret|api_?key/i;

export function redactText(text: string): string {
  if (!mayHoldSecret.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of sensitiveText) out = out.replace(pattern, replacement);
  return out;
}

function errorFields(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  const fields: Record<string, unknown> = { type: error.name, message: error.message };
  if (code !== undefined) fields.code = code;
  if (error.stack) fields.stack = error.stack;
  if (error.cause !== undefined) fields.cause = error.cause;
  return fields;
}

/** A copy of `value` that is safe to log (depth-limited, cycles cut, errors made plain). */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 6) return "[too deep]";
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redactValue(item, depth + 1, seen));
  const source = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    out[key] = sensitiveKey.test(key) ? redacted : redactValue(item, depth + 1, seen);
  }
  return out;
}

export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return redactValue(fields) as Record<string, unknown>;
}
