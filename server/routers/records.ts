/** The six procedures of a record resource, each declaring the permission it needs (`<resource>.<action>`). */
import type { TRPCMutationProcedure, TRPCQueryProcedure } from "@trpc/server";
import type { z } from "zod";
import type { RecordResource } from "#shared/permissions/catalogue";
import type { AppDeps } from "../deps";
import type { WorkspaceCaller } from "../services/caller";
import { type ProcedureMeta, router, workspaceProcedure } from "../trpc/trpc";

type Operation = (deps: AppDeps, caller: WorkspaceCaller, input: never) => Promise<unknown>;
interface AnyRecordResource {
  definition: { resource: RecordResource };
  inputs: Record<"list" | "export" | "create" | "update" | "id", z.ZodTypeAny>;
  list: Operation;
  get: Operation;
  create: Operation;
  update: Operation;
  delete: Operation;
  export: Operation;
}

type In<Z extends z.ZodTypeAny> = { workspaceSlug: string } & z.input<Z>;
type Def<Z extends z.ZodTypeAny, O extends Operation> = { input: In<Z>; output: Awaited<ReturnType<O>>; meta: ProcedureMeta };

/** tRPC's builder can't follow zod schemas through a generic function: the body is typed loosely, the result exactly. */
export function recordRouter<R extends AnyRecordResource>(records: R) {
  const { resource } = records.definition;
  const erased = (schema: z.ZodTypeAny) => schema as z.ZodType<Record<string, unknown>>;
  const run = (operation: Operation) => (opts: { ctx: { deps: AppDeps; caller: WorkspaceCaller }; input: unknown }) => operation(opts.ctx.deps, opts.ctx.caller, opts.input as never);
  const procedures = {
    list: workspaceProcedure(`${resource}.read`).input(erased(records.inputs.list)).query(run(records.list)),
    get: workspaceProcedure(`${resource}.read`).input(erased(records.inputs.id)).query(run(records.get)),
    create: workspaceProcedure(`${resource}.create`).input(erased(records.inputs.create)).mutation(run(records.create)),
    update: workspaceProcedure(`${resource}.update`).input(erased(records.inputs.update)).mutation(run(records.update)),
    delete: workspaceProcedure(`${resource}.delete`).input(erased(records.inputs.id)).mutation(run(records.delete)),
    export: workspaceProcedure(`${resource}.export`).input(erased(records.inputs.export)).query(run(records.export)),
  };
  return router(
    procedures as unknown as {
      list: TRPCQueryProcedure<Def<R["inputs"]["list"], R["list"]>>;
      get: TRPCQueryProcedure<Def<R["inputs"]["id"], R["get"]>>;
      create: TRPCMutationProcedure<Def<R["inputs"]["create"], R["create"]>>;
      update: TRPCMutationProcedure<Def<R["inputs"]["update"], R["update"]>>;
      delete: TRPCMutationProcedure<Def<R["inputs"]["id"], R["delete"]>>;
      export: TRPCQueryProcedure<Def<R["inputs"]["export"], R["export"]>>;
    },
  );
}
