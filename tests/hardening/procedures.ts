/**
 * The router as data: every procedure with its kind, its declared access and
 * its merged zod input, read from appRouter at run time, so the hardening
 * tests cover procedures as features add them.
 */
import { z } from "zod";
import type { ProcedureAccess } from "#server/trpc/trpc";
import { appRouter } from "#server/router";

export interface ProcedureInfo {
  path: string;
  type: "query" | "mutation" | "subscription";
  access: ProcedureAccess | undefined;
  /** All `.input()` schemas merged into one (null: takes no input). */
  input: z.ZodTypeAny | null;
  takesWorkspace: boolean;
  /** Input keys (at any depth) that carry record ids: `id`, `…Id`, `…Ids`. */
  idKeys: string[];
}

interface RawDef {
  type: "query" | "mutation" | "subscription";
  meta?: { access?: ProcedureAccess };
  inputs: z.ZodTypeAny[];
}

/** The object under refinements and transforms (`z.object(...).refine(...)`), if any. */
function objectOf(schema: z.ZodTypeAny): z.AnyZodObject | null {
  let current = schema;
  while (current instanceof z.ZodEffects) current = current.innerType();
  return current instanceof z.ZodObject ? current : null;
}

/**
 * All `.input()` schemas as one object, for generating inputs. Refinements
 * are dropped here (the server still applies them to what we send).
 */
function mergeInputs(inputs: z.ZodTypeAny[]): z.ZodTypeAny | null {
  if (inputs.length === 0) return null;
  if (inputs.length === 1) return inputs[0] ?? null;
  let merged: z.AnyZodObject | null = null;
  for (const input of inputs) {
    const object = objectOf(input);
    if (!object) return input;
    merged = merged ? merged.merge(object) : object;
  }
  return merged;
}

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let current = schema;
  for (let i = 0; i < 10; i += 1) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodDefault) current = current.removeDefault();
    else if (current instanceof z.ZodBranded) current = current.unwrap();
    else if (current instanceof z.ZodEffects) current = current.innerType();
    else if (current instanceof z.ZodArray) current = current.element;
    else break;
  }
  return current;
}

export function isIdKey(key: string): boolean {
  return key === "id" || key === "ids" || /[a-z]Ids?$/.test(key);
}

function collectIdKeys(schema: z.ZodTypeAny | null, found: Set<string>): void {
  if (!schema) return;
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    for (const [key, field] of Object.entries(inner.shape as Record<string, z.ZodTypeAny>)) {
      if (isIdKey(key)) found.add(key);
      collectIdKeys(field, found);
    }
  } else if (inner instanceof z.ZodUnion || inner instanceof z.ZodDiscriminatedUnion) {
    for (const option of inner.options as Iterable<z.ZodTypeAny>) collectIdKeys(option, found);
  }
}

/** Whether a field is, or contains, an id-carrying key. */
export function carriesIds(schema: z.ZodTypeAny, key: string | undefined): boolean {
  if (key && isIdKey(key)) return true;
  const found = new Set<string>();
  collectIdKeys(schema, found);
  return found.size > 0;
}

export function listProcedures(): ProcedureInfo[] {
  const record = appRouter._def.procedures as unknown as Record<string, { _def: RawDef }>;
  return Object.entries(record)
    .map(([path, procedure]) => {
      const def = procedure._def;
      const input = mergeInputs(def.inputs);
      const idKeys = new Set<string>();
      collectIdKeys(input, idKeys);
      const shape = input instanceof z.ZodObject ? (input.shape as Record<string, unknown>) : {};
      return { path, type: def.type, access: def.meta?.access, input, takesWorkspace: "workspaceSlug" in shape, idKeys: [...idKeys] };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Replaces every id-carrying key (at any depth) with ids from `pick`. */
export function withIds(value: unknown, pick: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => withIds(v, pick));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      if (isIdKey(key)) {
        if (Array.isArray(v)) return [key, (v.length ? v : [0]).map(() => pick(key))];
        if (typeof v === "string" || v === undefined || v === null) return [key, pick(key)];
      }
      return [key, withIds(v, pick)];
    }),
  );
}
