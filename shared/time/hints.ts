/**
 * Client hints (as the Epic Stack does them): the browser's time zone and
 * locale, which only the browser knows, travel to the server in two
 * cookies so the server can render times the way the person will read them.
 *
 * A small inline script at the top of every page compares the cookies with
 * what the browser says; when they differ (first visit, a new zone after a
 * trip, a changed language) it sets them and marks the page. The page
 * hydrates with the values the server rendered with (so the texts match),
 * then, if marked, reloads its data once: the server renders the times again
 * with the person's values, and React updates them in place. No second
 * document load, so nothing typed meanwhile is lost.
 * Values are checked before use: a forged cookie falls back to the defaults.
 */
import { defaultTimeHints, isLocale, isTimeZone, type TimeHints } from "./format";

export const timeZoneCookie = "ta_tz";
export const localeCookie = "ta_locale";

function cookieValue(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
  }
  return null;
}

/** The first language of an Accept-Language header that we can format with. */
function fromAcceptLanguage(header: string | null): string | null {
  if (!header) return null;
  for (const item of header.split(",").slice(0, 10)) {
    const tag = item.split(";")[0]?.trim() ?? "";
    if (tag && tag !== "*" && isLocale(tag)) return tag;
  }
  return null;
}

export interface ReadHints extends TimeHints {
  /** Whether the browser has reported its time zone yet. */
  reported: boolean;
}

/** The person's time zone and locale from a request's headers (cookies first, then Accept-Language). */
export function readTimeHints(headers: { cookie: string | null; acceptLanguage: string | null }): ReadHints {
  const cookies = headers.cookie ?? "";
  const zone = cookieValue(cookies, timeZoneCookie);
  const locale = cookieValue(cookies, localeCookie);
  return {
    timeZone: zone && isTimeZone(zone) ? zone : defaultTimeHints.timeZone,
    locale: locale && isLocale(locale) ? locale : (fromAcceptLanguage(headers.acceptLanguage) ?? defaultTimeHints.locale),
    reported: zone !== null && isTimeZone(zone),
  };
}

export function timeHintsOfRequest(request: Request): ReadHints {
  return readTimeHints({ cookie: request.headers.get("cookie"), acceptLanguage: request.headers.get("accept-language") });
}

/** Set by the inline script when it changed a cookie: the page's data should be loaded again. */
export const hintsChangedFlag = "__teamAccessHintsChanged";

/**
 * The inline script: set the cookies to the browser's values, and flag the
 * page when they were different. Only a cookie that really changed counts
 * (cookies may be blocked), so the data is never reloaded in a loop.
 */
export function timeHintsScript(): string {
  const names = JSON.stringify({ zone: timeZoneCookie, locale: localeCookie });
  return `(function(){try{
var n=${names};
function get(k){var m=document.cookie.match(new RegExp("(?:^|; )"+k+"=([^;]*)"));if(!m)return null;try{return decodeURIComponent(m[1])}catch(e){return null}}
var actual={};actual[n.zone]=Intl.DateTimeFormat().resolvedOptions().timeZone||"UTC";actual[n.locale]=navigator.language||"en-US";
var changed=false;
for(var k in actual){if(get(k)!==actual[k]){document.cookie=k+"="+encodeURIComponent(actual[k])+"; Path=/; Max-Age=31536000; SameSite=Lax"+(location.protocol==="https:"?"; Secure":"");if(get(k)===actual[k])changed=true}}
if(changed)window[${JSON.stringify(hintsChangedFlag)}]=true;
}catch(e){}})();`;
}

/** What the browser says now (for a tab that stays open while the person's zone or language changes). */
export function browserTimeHints(): TimeHints {
  return {
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || defaultTimeHints.timeZone,
    locale: navigator.language || defaultTimeHints.locale,
  };
}

/** Whether the inline script changed the cookies for this page (read once). */
export function takeHintsChanged(): boolean {
  const flags = window as unknown as Record<string, unknown>;
  const changed = flags[hintsChangedFlag] === true;
  delete flags[hintsChangedFlag];
  return changed;
}

/** Whether the cookies already hold these values (then the server has them, or has refused them). */
export function timeHintsStored(hints: TimeHints): boolean {
  return cookieValue(document.cookie, timeZoneCookie) === hints.timeZone && cookieValue(document.cookie, localeCookie) === hints.locale;
}

/** Stores the browser's values in the cookies (the next loader run renders with them). */
export function storeTimeHints(hints: TimeHints): void {
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${timeZoneCookie}=${encodeURIComponent(hints.timeZone)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  document.cookie = `${localeCookie}=${encodeURIComponent(hints.locale)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}
