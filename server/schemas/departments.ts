import { z } from "zod";
import { uuidSchema } from "./common";

const departmentName = z.string({ required_error: "Give the department a name." }).trim().min(1, "Give the department a name.").max(60, "Department names can be at most 60 characters.");

export const createDepartmentInput = z.object({ name: departmentName });
export const renameDepartmentInput = z.object({ departmentId: uuidSchema, name: departmentName });
export const deleteDepartmentInput = z.object({ departmentId: uuidSchema });
