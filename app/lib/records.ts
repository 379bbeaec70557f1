/**
 * A record resource's procedures by its catalogue name ("crm.contacts"), on
 * the in-process caller (loaders, the export route) and on the browser's
 * client: every record resource has the same six (server/routers/records.ts).
 */
import { type RecordResource, recordResources } from "#shared/permissions/catalogue";
import type { RouterOutputs } from "./trpc";

type Module<R extends RecordResource> = R extends `${infer M}.${string}` ? M : never;
type Name<R extends RecordResource> = R extends `${string}.${infer N}` ? N : never;
type Outputs<R extends RecordResource> = RouterOutputs[Module<R> & keyof RouterOutputs] extends infer O ? (Name<R> extends keyof O ? O[Name<R>] : never) : never;
/** A row of one resource's list, exactly (for its view). */
export type RecordRowOf<R extends RecordResource> = Outputs<R> extends { list: { rows: Array<infer T> } } ? T : never;

/** What every record row carries, whatever its resource (for the pages that show any). */
export interface RecordRow {
  id: string;
  mayUpdate: boolean;
  mayDelete: boolean;
  owner: { membershipId: string; name: string };
  department: { id: string; name: string } | null;
}
export interface RecordPage {
  rows: RecordRow[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

interface Filters {
  workspaceSlug: string;
  query?: string;
  departmentId?: string;
}
export interface RecordCalls {
  list(input: Filters & { page?: number; pageSize?: number }): Promise<RecordPage>;
  export(input: Filters): Promise<{ filename: string; csv: string }>;
}
export interface RecordClient {
  create: { mutate(input: { workspaceSlug: string } & Record<string, unknown>): Promise<unknown> };
  update: { mutate(input: { workspaceSlug: string; id: string } & Record<string, unknown>): Promise<unknown> };
  delete: { mutate(input: { workspaceSlug: string; id: string }): Promise<unknown> };
  export: { query(input: Filters): Promise<unknown> };
}

function at<T>(root: unknown, resource: RecordResource): T {
  const [module, name] = resource.split(".") as [string, string];
  return (root as Record<string, Record<string, T>>)[module]![name]!;
}

/** The in-process caller's procedures of one resource. */
export const recordCalls = (caller: unknown, resource: RecordResource) => at<RecordCalls>(caller, resource);
/** The browser client's procedures of one resource. */
export const recordClient = (client: unknown, resource: RecordResource) => at<RecordClient>(client, resource);

/** The resource a URL names by its last part ("contacts"), from the catalogue. */
export function recordResourceNamed(name: string | undefined): RecordResource | null {
  return recordResources.find((resource) => resource.split(".")[1] === name) ?? null;
}
