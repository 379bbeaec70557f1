/**
 * Dates and numbers on the pages, always through server/time/format.ts with
 * the time zone and locale the root loader read from the client hints, so
 * the server's HTML and the browser's first render say the same thing.
 */
import { useRevalidator, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import type { loader as rootLoader } from "../root";
import { type DateStyle, defaultTimeHints, formatDate, formatNumber, formatTimeUntil, type TimeHints, zoneLabel } from "#shared/time/format";
import { browserTimeHints, storeTimeHints, takeHintsChanged, timeHintsStored } from "#shared/time/hints";

/** The person's zone and locale, as the server rendered this page with. */
export function useTimeHints(): TimeHints {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  return data?.hints ?? defaultTimeHints;
}

/** Formatters bound to the person's zone and locale. */
export function useFormat() {
  const hints = useTimeHints();
  return {
    hints,
    date: (value: Date | string | number, style: DateStyle = "dateTime") => formatDate(value, hints, style),
    number: (value: number) => formatNumber(value, hints),
    zone: zoneLabel(hints.timeZone),
  };
}

/**
 * A moment on a page. `suppressHydrationWarning` covers only this element's
 * own text: a browser whose date data differs slightly from the server's
 * (another CLDR version) keeps the server's text instead of throwing the
 * page away. The zone and locale are the same on both sides by design.
 */
export function Time({ value, style = "dateTime", className }: { value: string; style?: DateStyle; className?: string }) {
  const { date } = useFormat();
  return (
    <time dateTime={value} className={className} suppressHydrationWarning>
      {date(value, style)}
    </time>
  );
}

/** "in 3 hours": the clock moves between the server's render and the browser's, so the same guard applies. */
export function TimeUntil({ value }: { value: string }) {
  return (
    <time dateTime={value} suppressHydrationWarning>
      {formatTimeUntil(value, Date.now())}
    </time>
  );
}

/**
 * After hydration: when the page's inline script had to tell the server a
 * new zone or locale (a first visit, a trip), load the data again so the
 * times are rendered with them. And a tab left open while the zone or
 * language changes updates them when it comes back into view.
 */
export function useFollowTimeHints(): void {
  const { revalidate } = useRevalidator();
  useEffect(() => {
    if (takeHintsChanged()) revalidate();
  }, [revalidate]);
  useEffect(() => {
    const check = () => {
      if (document.visibilityState !== "visible") return;
      const actual = browserTimeHints();
      if (timeHintsStored(actual)) return;
      storeTimeHints(actual);
      revalidate();
    };
    document.addEventListener("visibilitychange", check);
    window.addEventListener("focus", check);
    return () => {
      document.removeEventListener("visibilitychange", check);
      window.removeEventListener("focus", check);
    };
  }, [revalidate]);
}
