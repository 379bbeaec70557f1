/**
 * A session's browser and device in words, from its User-Agent (for "Your
 * sessions"). A User-Agent is whatever the client claims: shown, never trusted.
 */
import Bowser from "bowser";

export interface DeviceDescription {
  /** e.g. "Chrome 120", "Safari 17"; "Unknown browser" when nothing is recognised. */
  browser: string;
  /** e.g. "macOS", "Windows 10", "iPhone (iOS 17.1)"; null when unknown. */
  system: string | null;
  kind: "computer" | "phone" | "tablet" | "other";
  /** The whole description in one line: "Chrome 120 on macOS". */
  summary: string;
}

function major(version: string | undefined): string {
  return version ? (version.split(".")[0] ?? "") : "";
}

export function describeUserAgent(userAgent: string | null): DeviceDescription {
  const ua = (userAgent ?? "").trim();
  if (!ua) return { browser: "Unknown browser", system: null, kind: "other", summary: "Unknown browser" };
  const parsed = Bowser.parse(ua);
  const type = parsed.platform.type;
  const kind = type === "desktop" ? "computer" : type === "mobile" ? "phone" : type === "tablet" ? "tablet" : "other";
  const os = parsed.os.name
    ? [parsed.os.name, parsed.os.name === "Windows" ? parsed.os.versionName : parsed.os.name === "iOS" || parsed.os.name === "Android" ? parsed.os.version : undefined].filter(Boolean).join(" ")
    : null;
  const model = parsed.platform.model;
  const system = model && os ? `${model} (${os})` : (model ?? os ?? null);
  if (!parsed.browser.name) {
    // Not a browser we know (a script, an app): show what it calls itself, briefly.
    const client = ua.slice(0, 60);
    return { browser: client, system, kind, summary: system ? `${client} on ${system}` : client };
  }
  const browser = [parsed.browser.name, major(parsed.browser.version)].filter(Boolean).join(" ");
  return { browser, system, kind, summary: system ? `${browser} on ${system}` : browser };
}
