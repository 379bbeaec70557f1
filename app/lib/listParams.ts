/** Record lists keep their search, department filter and page in the URL, so a filtered view can be shared. */
import { useSearchParams } from "@remix-run/react";
import { useCallback } from "react";

export interface ListParams {
  query?: string;
  departmentId?: string;
  page: number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function listParamsFrom(url: URL): ListParams {
  const q = url.searchParams.get("q")?.trim().slice(0, 100);
  const department = url.searchParams.get("department") ?? "";
  const page = Math.min(100_000, Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  return { query: q || undefined, departmentId: uuid.test(department) ? department : undefined, page };
}

export function useListParamChanger() {
  const [, setSearchParams] = useSearchParams();
  return useCallback(
    (next: Record<string, string | number | undefined>) => {
      setSearchParams(
        (current) => {
          const params = new URLSearchParams(current);
          for (const [key, value] of Object.entries(next)) {
            if (value === undefined || value === "" || (key === "page" && value === 1)) params.delete(key);
            else params.set(key, String(value));
          }
          if (!("page" in next)) params.delete("page");
          return params;
        },
        { replace: true, preventScrollReset: true },
      );
    },
    [setSearchParams],
  );
}

/** The export link for the same filters the list shows. */
export function exportHref(path: string, params: ListParams, extra: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  if (params.query) search.set("q", params.query);
  if (params.departmentId) search.set("department", params.departmentId);
  for (const [k, v] of Object.entries(extra)) if (v) search.set(k, v);
  const s = search.toString();
  return s ? `${path}?${s}` : path;
}
