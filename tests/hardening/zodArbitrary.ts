/**
 * Derives fast-check arbitraries from a procedure's own zod input schema, so
 * the property tests follow the API as it grows without hand-written inputs.
 *
 * `validish` aims inside the schema (so calls get past validation and reach
 * the services); `hostile` mixes in what a careless or malicious client sends:
 * empty and huge strings, unicode, wrong types, nulls, extra keys.
 * Ids are drawn from a pool of real ids (own and other workspaces) most of the
 * time, so the services act on real rows.
 */
import fc from "fast-check";
import { z } from "zod";

export interface ArbitraryContext {
  /** Real ids to pick from for uuid strings (own workspace, other workspace, random). */
  ids: readonly string[];
  /** Values for keys whose name is known (workspaceSlug -> the caller's workspace). */
  fixedKeys: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** Longest string to generate (GET queries carry input in the URL). */
  maxHugeString: number;
  /**
   * Minimal inputs: optional fields are left out unless this says to keep
   * them (the probes keep those that carry ids), so refinements between
   * optional fields cannot spoil every sample.
   */
  keepOptional?: (schema: z.ZodTypeAny, key: string | undefined) => boolean;
}

const unicodeSamples = ["Zoë Ångström", "名前", "🙂‍↔️👩🏽‍💻", "\u202Eevil", "a\u0000b", "'; drop table users; --", "<script>alert(1)</script>", "ｗｉｄｅ", "\uD800"];

export function edgeValue(ctx: ArbitraryContext): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant(""),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(0),
    fc.constant(-1),
    fc.constant(Number.MAX_SAFE_INTEGER),
    fc.constant(1e308),
    fc.constant(true),
    fc.constant([]),
    fc.constant({}),
    fc.constant({ __proto__: { polluted: true } }),
    fc.constant("x".repeat(ctx.maxHugeString)),
    fc.constantFrom(...unicodeSamples),
    fc.constant("00000000-0000-0000-0000-000000000000"),
    fc.constant(["a", 1, null]),
  );
}

function lengthBounds(checks: ReadonlyArray<{ kind: string; value?: number }>): { min: number; max: number } {
  let min = 0;
  let max = 60;
  for (const check of checks) {
    if (check.kind === "min" && typeof check.value === "number") min = check.value;
    if (check.kind === "max" && typeof check.value === "number") max = check.value;
    if (check.kind === "length" && typeof check.value === "number") min = max = check.value;
  }
  return { min, max: Math.max(min, Math.min(max, min + 60)) };
}

function stringArbitrary(schema: z.ZodString, ctx: ArbitraryContext): fc.Arbitrary<string> {
  const checks = schema._def.checks;
  if (checks.some((c) => c.kind === "uuid")) {
    return ctx.ids.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ctx.ids) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid();
  }
  if (checks.some((c) => c.kind === "email")) {
    return fc.emailAddress().filter((e) => e.length <= 254 && z.string().email().safeParse(e).success);
  }
  if (checks.some((c) => c.kind === "url")) return fc.webUrl();
  if (checks.some((c) => c.kind === "datetime")) return fc.date({ noInvalidDate: true, min: new Date("2000-01-01"), max: new Date("2100-01-01") }).map((d) => d.toISOString());
  const regex = checks.find((c): c is Extract<typeof c, { kind: "regex" }> => c.kind === "regex");
  // Date-only fields ("2026-11-22") are usually refined to real dates too.
  if (regex && regex.regex.source.includes("\\d{4}-\\d{2}-\\d{2}")) {
    return fc.date({ noInvalidDate: true, min: new Date("2020-01-01"), max: new Date("2030-12-31") }).map((d) => d.toISOString().slice(0, 10));
  }
  const { min, max } = lengthBounds(checks as ReadonlyArray<{ kind: string; value?: number }>);
  if (regex) {
    return fc.stringMatching(regex.regex).filter((s) => s.length >= min && s.length <= max);
  }
  return fc.string({ minLength: min, maxLength: max, unit: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(..."abcdefghij klmnop-_.") }, { weight: 1, arbitrary: fc.constantFrom(..."ÅéΩ名🙂'\"<>") }) });
}

function numberArbitrary(schema: z.ZodNumber): fc.Arbitrary<number> {
  let min = -1_000;
  let max = 1_000;
  let int = false;
  for (const check of schema._def.checks) {
    if (check.kind === "min") min = check.inclusive ? check.value : check.value + (int ? 1 : 0.001);
    if (check.kind === "max") max = check.inclusive ? check.value : check.value - (int ? 1 : 0.001);
    if (check.kind === "int") int = true;
  }
  if (max < min) max = min;
  return int ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
}

/** Values the schema should accept (most of the time: refinements may still refuse some). */
export function validish(schema: z.ZodTypeAny, ctx: ArbitraryContext, key?: string): fc.Arbitrary<unknown> {
  if (key && key in ctx.fixedKeys) {
    const fixed = ctx.fixedKeys[key];
    if (fixed) return fixed;
  }
  const def = schema._def as { typeName?: string };
  switch (def.typeName) {
    case z.ZodFirstPartyTypeKind.ZodString:
      return stringArbitrary(schema as z.ZodString, ctx);
    case z.ZodFirstPartyTypeKind.ZodNumber:
      return numberArbitrary(schema as z.ZodNumber);
    case z.ZodFirstPartyTypeKind.ZodBigInt:
      return fc.bigInt({ min: -1000n, max: 1000n }).map(String);
    case z.ZodFirstPartyTypeKind.ZodBoolean:
      return fc.boolean();
    case z.ZodFirstPartyTypeKind.ZodDate:
      return fc.date({ noInvalidDate: true, min: new Date("2000-01-01"), max: new Date("2100-01-01") }).map((d) => d.toISOString());
    case z.ZodFirstPartyTypeKind.ZodNull:
      return fc.constant(null);
    case z.ZodFirstPartyTypeKind.ZodUndefined:
    case z.ZodFirstPartyTypeKind.ZodVoid:
      return fc.constant(undefined);
    case z.ZodFirstPartyTypeKind.ZodAny:
    case z.ZodFirstPartyTypeKind.ZodUnknown:
      return fc.jsonValue({ maxDepth: 2 });
    case z.ZodFirstPartyTypeKind.ZodLiteral:
      return fc.constant((schema as z.ZodLiteral<unknown>).value);
    case z.ZodFirstPartyTypeKind.ZodEnum:
      return fc.constantFrom(...((schema as z.ZodEnum<[string, ...string[]]>).options as string[]));
    case z.ZodFirstPartyTypeKind.ZodNativeEnum: {
      const values = Object.values((schema._def as { values: Record<string, string | number> }).values);
      return fc.constantFrom(...values);
    }
    case z.ZodFirstPartyTypeKind.ZodOptional:
      if (ctx.keepOptional && !ctx.keepOptional(schema, key)) return fc.constant(undefined);
      return fc.option(validish((schema as z.ZodOptional<z.ZodTypeAny>).unwrap(), ctx, key), { nil: undefined, freq: 4 });
    case z.ZodFirstPartyTypeKind.ZodNullable:
      return fc.option(validish((schema as z.ZodNullable<z.ZodTypeAny>).unwrap(), ctx, key), { nil: null, freq: 4 });
    case z.ZodFirstPartyTypeKind.ZodDefault:
      if (ctx.keepOptional && !ctx.keepOptional(schema, key)) return fc.constant(undefined);
      return fc.option(validish((schema as z.ZodDefault<z.ZodTypeAny>).removeDefault(), ctx, key), { nil: undefined, freq: 4 });
    case z.ZodFirstPartyTypeKind.ZodCatch:
      return validish((schema._def as { innerType: z.ZodTypeAny }).innerType, ctx, key);
    case z.ZodFirstPartyTypeKind.ZodEffects:
      return validish((schema as z.ZodEffects<z.ZodTypeAny>).innerType(), ctx, key);
    case z.ZodFirstPartyTypeKind.ZodPipeline:
      return validish((schema._def as { in: z.ZodTypeAny }).in, ctx, key);
    case z.ZodFirstPartyTypeKind.ZodBranded:
      return validish((schema as z.ZodBranded<z.ZodTypeAny, string>).unwrap(), ctx, key);
    case z.ZodFirstPartyTypeKind.ZodReadonly:
      return validish((schema._def as { innerType: z.ZodTypeAny }).innerType, ctx, key);
    case z.ZodFirstPartyTypeKind.ZodLazy:
      return validish((schema as z.ZodLazy<z.ZodTypeAny>).schema, ctx, key);
    case z.ZodFirstPartyTypeKind.ZodArray: {
      const array = schema as z.ZodArray<z.ZodTypeAny>;
      const minLength = array._def.minLength?.value ?? 0;
      const maxLength = Math.min(array._def.maxLength?.value ?? minLength + 4, minLength + 4);
      return fc.array(validish(array.element, ctx, key?.replace(/s$/, "")), { minLength, maxLength });
    }
    case z.ZodFirstPartyTypeKind.ZodSet:
      return fc.array(validish((schema._def as { valueType: z.ZodTypeAny }).valueType, ctx), { maxLength: 4 });
    case z.ZodFirstPartyTypeKind.ZodTuple:
      return fc.tuple(...(schema as z.ZodTuple).items.map((item: z.ZodTypeAny) => validish(item, ctx)));
    case z.ZodFirstPartyTypeKind.ZodRecord:
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), validish((schema as z.ZodRecord).valueSchema, ctx), { maxKeys: 4 });
    case z.ZodFirstPartyTypeKind.ZodUnion:
    case z.ZodFirstPartyTypeKind.ZodDiscriminatedUnion: {
      const options = [...(schema._def as { options: Iterable<z.ZodTypeAny> }).options];
      return fc.oneof(...options.map((option) => validish(option, ctx, key)));
    }
    case z.ZodFirstPartyTypeKind.ZodIntersection: {
      const { left, right } = schema._def as { left: z.ZodTypeAny; right: z.ZodTypeAny };
      return fc.tuple(validish(left, ctx), validish(right, ctx)).map(([a, b]) => (isPlainObject(a) && isPlainObject(b) ? { ...a, ...b } : a));
    }
    case z.ZodFirstPartyTypeKind.ZodObject: {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      const entries = Object.entries(shape).map(([name, field]) => [name, validish(field, ctx, name)] as const);
      return fc.record(Object.fromEntries(entries)).map((value) => dropUndefined(value));
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/**
 * Mostly validish inputs; the rest break one thing: a field swapped for an
 * edge value, an extra key, or the whole input replaced by a wrong type.
 */
export function hostile(schema: z.ZodTypeAny | null, ctx: ArbitraryContext): fc.Arbitrary<unknown> {
  if (!schema) return fc.oneof(fc.constant(undefined), edgeValue(ctx));
  const base = validish(schema, ctx);
  const broken = fc.tuple(base, fc.nat(), edgeValue(ctx)).map(([value, which, edge]) => {
    if (!isPlainObject(value)) return edge;
    const keys = Object.keys(value);
    if (keys.length === 0) return { ...value, unexpected: edge };
    const key = keys[which % keys.length] as string;
    return { ...value, [key]: edge };
  });
  const extraKey = fc.tuple(base, fc.string({ minLength: 1, maxLength: 20 }), edgeValue(ctx)).map(([value, key, edge]) => (isPlainObject(value) ? { ...value, [key]: edge } : value));
  return fc.oneof({ weight: 5, arbitrary: base }, { weight: 3, arbitrary: broken }, { weight: 1, arbitrary: extraKey }, { weight: 1, arbitrary: edgeValue(ctx) });
}
