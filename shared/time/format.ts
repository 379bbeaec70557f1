/**
 * The one place dates, times and numbers become text, on the server (pages,
 * emails) and in the browser alike. Every function takes the person's time
 * zone and locale explicitly: the server renders with the zone and locale
 * the browser reported (server/time/hints.ts), and the browser formats with
 * the same values from the page's data, so both produce the same text and
 * hydration never meets a different string.
 */

export interface TimeHints {
  /** IANA time zone, e.g. "America/Los_Angeles". */
  timeZone: string;
  /** BCP 47 locale, e.g. "de-DE". */
  locale: string;
}

/** Used until the browser has told us (first visit, scripts, emails to people we know nothing of). */
export const defaultTimeHints: TimeHints = { timeZone: "UTC", locale: "en-US" };

const styles = {
  /** 22 Nov 2026 */
  date: { year: "numeric", month: "short", day: "numeric" },
  /** 22 Nov 2026, 14:05 */
  dateTime: { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  /** 22 Nov, 14:05 (this year's events in lists) */
  dayTime: { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  /** 22 Nov 2026, 14:05:09 PST (the audit log: exact, and says its zone) */
  dateTimeSecondsZone: { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" },
  /** 14:05 */
  time: { hour: "numeric", minute: "2-digit" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof styles;

// Building a formatter costs far more than using one; pages format hundreds of dates.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormatter(hints: TimeHints, style: DateStyle | "zoneLong" | "offset"): Intl.DateTimeFormat {
  const key = `d|${hints.locale}|${hints.timeZone}|${style}`;
  let formatter = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions = style === "zoneLong" ? { timeZoneName: "long" } : style === "offset" ? { timeZoneName: "longOffset" } : styles[style];
    formatter = new Intl.DateTimeFormat(hints.locale, { ...options, timeZone: hints.timeZone });
    cache.set(key, formatter);
  }
  return formatter;
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * Texts already made, by zone, locale, style and instant: a page shows the
 * same dates on every render (a member's joining, an invitation's sending),
 * and formatting one costs far more than finding it. Bounded: past the limit
 * the oldest text is forgotten.
 */
const textLimit = 5000;
const texts = new Map<string, string>();

/** Keeps `value` under `key` in a map bounded to `limit` entries (the oldest forgotten first); returns it. */
function keep<V>(map: Map<string, V>, limit: number, key: string, value: V): V {
  if (map.size >= limit) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

/** How many formatted texts (dates and numbers) are kept (for tests: it stays bounded). */
export function rememberedDateTexts(): number {
  return texts.size;
}

/** A date and/or time in the person's zone and locale. */
export function formatDate(value: Date | string | number, hints: TimeHints, style: DateStyle = "dateTime"): string {
  const date = toDate(value);
  const instant = date.getTime();
  if (Number.isNaN(instant)) return "—";
  const key = `${hints.locale}|${hints.timeZone}|${style}|${instant}`;
  return texts.get(key) ?? keep(texts, textLimit, key, dateFormatter(hints, style).format(date));
}

/** A count with the locale's digit grouping (1,234 / 1.234 / 1,234). */
export function formatNumber(value: number, hints: Pick<TimeHints, "locale">): string {
  // Remembered like dates (a page's counts repeat); "#" keeps these keys apart from the dates' (a locale never starts with it).
  const textKey = `#${hints.locale}|${value}`;
  const known = texts.get(textKey);
  if (known !== undefined) return known;
  const key = `n|${hints.locale}`;
  let formatter = cache.get(key) as Intl.NumberFormat | undefined;
  if (!formatter) {
    formatter = new Intl.NumberFormat(hints.locale);
    cache.set(key, formatter);
  }
  return keep(texts, textLimit, textKey, formatter.format(value));
}

/** "GMT-08:00" at that moment (offsets change with daylight saving time). */
export function zoneOffset(timeZone: string, at: Date = new Date()): string {
  const part = dateFormatter({ timeZone, locale: "en-US" }, "offset")
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? "GMT";
}

// Browsers still report some zones by their old names (ICU keeps them); people know the new ones.
const renamedZones: Record<string, string> = {
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Asia/Rangoon": "Asia/Yangon",
  "Europe/Kiev": "Europe/Kyiv",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "Pacific/Truk": "Pacific/Chuuk",
  "Pacific/Ponape": "Pacific/Pohnpei",
};

/** The zone as a person reads it: "America/Los Angeles", "Asia/Kolkata", or "UTC". */
export function zoneLabel(timeZone: string): string {
  if (timeZone === "UTC" || timeZone === "Etc/UTC" || timeZone === "Etc/GMT" || timeZone === "GMT") return "UTC";
  return (renamedZones[timeZone] ?? timeZone).replace(/_/g, " ");
}

/** "in 3 hours", "in 2 days" — coarse on purpose; English like the rest of the words. */
export function formatTimeUntil(value: Date | string | number, now: number): string {
  const ms = toDate(value).getTime() - now;
  if (ms <= 0) return "now";
  const hours = ms / 3_600_000;
  if (hours < 1) return `in ${Math.max(1, Math.round(ms / 60_000))} min`;
  if (hours < 36) return `in ${Math.round(hours)} hours`;
  return `in ${Math.round(hours / 24)} days`;
}

/**
 * A time in an email. Emails are read anywhere and any time later, so the
 * text names its zone: "24 November 2026 at 14:05 UTC", or
 * "24 November 2026 at 06:05 (America/Los Angeles, GMT-08:00)". The words
 * around it are English, so the date is too.
 */
export function formatEmailTime(value: Date, timeZone: string = defaultTimeHints.timeZone): string {
  const formatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone });
  const text = formatter.format(value);
  const label = zoneLabel(timeZone);
  return label === "UTC" ? `${text} UTC` : `${text} (${label}, ${zoneOffset(timeZone, value)})`;
}

/**
 * Checked once per value: a check builds an Intl formatter (about 0.1–0.2 ms;
 * every page of a browser that reported its zone and language asks for its two
 * cookies, the same few values over and over). Bounded, so forged cookies
 * can't grow it: past the limit the oldest answer is forgotten.
 */
const checkedLimit = 500;
const checkedZones = new Map<string, boolean>();
const checkedLocales = new Map<string, boolean>();

function remembered(checked: Map<string, boolean>, value: string, check: (value: string) => boolean): boolean {
  const known = checked.get(value);
  if (known !== undefined) return known;
  return keep(checked, checkedLimit, value, check(value));
}

/** How many answers of isTimeZone and isLocale are kept (for tests: it stays bounded). */
export function rememberedHintChecks(): number {
  return checkedZones.size + checkedLocales.size;
}

function knownTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function knownLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1 && Intl.DateTimeFormat.supportedLocalesOf([value]).length === 1;
  } catch {
    return false;
  }
}

/** Whether the runtime knows this IANA zone (a forged cookie must not reach Intl, which would throw). */
export function isTimeZone(value: string): boolean {
  if (value.length === 0 || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return false;
  return remembered(checkedZones, value, knownTimeZone);
}

/** Whether this is a well-formed locale the runtime can format with. */
export function isLocale(value: string): boolean {
  if (value.length === 0 || value.length > 35) return false;
  return remembered(checkedLocales, value, knownLocale);
}

function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = dateFormatter({ timeZone, locale: "en-US" }, "offset").formatToParts(new Date(at));
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const sign = match[1] === "-" ? -1 : 1;
  return sign * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
}

/**
 * The instant a calendar day ("2026-11-22") starts in a zone: the audit
 * log's date filters mean the person's days, not UTC's. Daylight saving
 * changes are honoured (the offset is checked at the result).
 */
export function startOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  let instant = utcMidnight - zoneOffsetMs(timeZone, utcMidnight);
  const corrected = utcMidnight - zoneOffsetMs(timeZone, instant);
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/** The calendar day after `day` ("2026-11-22" -> "2026-11-23"). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
