/**
 * Where to send someone after they sign in or sign up, when the request names
 * it (`?redirectTo=`, or the form's hidden field). The one check every such
 * redirect goes through (OWASP Unvalidated Redirects): the target must be a
 * path on the app's own origin, parsed the way a browser parses a Location
 * header. Anything else, or anything carrying control characters or
 * backslashes (which browsers drop or read as "/": `/\t/evil.example` is
 * `//evil.example`), raw or percent-encoded, goes to the fallback instead.
 */

const maxLength = 2_000;
// C0 controls, DEL, and the backslash browsers read as a slash.
const hostileCharacter = /[\u0000-\u001F\u007F\\]/;

/** The value and its percent-decodings (a few layers deep), for the character check. */
function decodings(value: string): string[] {
  const layers = [value];
  let current = value;
  for (let i = 0; i < 3; i += 1) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      // Broken escapes: decode what can be, so an encoded control character is still seen.
      decoded = current.replace(/%[0-9A-Fa-f]{2}/g, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
    }
    if (decoded === current) break;
    layers.push(decoded);
    current = decoded;
  }
  return layers;
}

function leavesThePath(path: string): boolean {
  return !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\");
}

function isHostile(value: string): boolean {
  return decodings(value).some((layer) => hostileCharacter.test(layer) || leavesThePath(layer));
}

/**
 * `target` if it is a path on `origin` (normalised as a browser would), else
 * `fallback`. Always returns a root-relative path.
 */
export function safeRedirectTarget(target: unknown, options: { origin: string; fallback: string }): string {
  const { fallback } = options;
  if (typeof target !== "string" || target.length === 0 || target.length > maxLength) return fallback;
  if (isHostile(target)) return fallback;
  let url: URL;
  let origin: string;
  try {
    origin = new URL(options.origin).origin;
    url = new URL(target, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  // Normalised (dot segments resolved, unsafe characters escaped): check again what will be sent.
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (isHostile(path) || new URL(path, origin).origin !== origin) return fallback;
  return path;
}
