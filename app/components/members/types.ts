import type { RouterOutputs } from "../../lib/trpc";

export type DirectoryMember = RouterOutputs["members"]["search"]["rows"][number];
export type RoleSummary = RouterOutputs["roles"]["list"][number];
export type DepartmentSummary = RouterOutputs["departments"]["list"][number];
