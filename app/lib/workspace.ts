import { useRouteLoaderData } from "@remix-run/react";
import type { loader as workspaceLayoutLoader } from "../routes/w.$slug";

/** The current workspace and the member's access, for any page or part inside it (the workspace layout's loader data). */
export function useWorkspace() {
  const data = useRouteLoaderData<typeof workspaceLayoutLoader>("routes/w.$slug");
  if (!data) throw new Error("useWorkspace must be used inside a workspace page");
  return { workspace: data.workspace, me: data.me, workspaces: data.workspaces };
}
