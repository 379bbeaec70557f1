import { searchMembersInput } from "#server/schemas/members";

/** The Members page's filters from its URL; anything invalid falls back to the defaults. */
export function memberFiltersFrom(url: URL) {
  const raw = Object.fromEntries(url.searchParams.entries());
  const parsed = searchMembersInput.safeParse({
    query: raw.q || undefined,
    roleId: raw.role || undefined,
    departmentId: raw.department || undefined,
    managerId: raw.manager || undefined,
    status: raw.status || undefined,
    sort: raw.sort || undefined,
    direction: raw.dir || undefined,
    page: raw.page ? Number(raw.page) : undefined,
  });
  return parsed.success ? parsed.data : searchMembersInput.parse({});
}
