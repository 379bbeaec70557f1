import { useRouteLoaderData } from "@remix-run/react";
import type { Access } from "#shared/permissions/access";
import type { loader as rootLoader } from "../root";
import type { loader as workspaceLayoutLoader } from "../routes/w.$slug";
import { accessReceived } from "./sentAccess";

type LayoutData = NonNullable<ReturnType<typeof useRouteLoaderData<typeof workspaceLayoutLoader>>>;
type Workspace = Omit<LayoutData["workspace"], "access"> & { access: Access };

// One whole `Access` per loaded layout data (a revalidation brings a new object), shared by every part that asks.
const received = new WeakMap<LayoutData["workspace"], Workspace>();

function workspaceOf(sent: LayoutData["workspace"]): Workspace {
  let workspace = received.get(sent);
  if (!workspace) {
    workspace = { ...sent, access: accessReceived(sent.access) };
    received.set(sent, workspace);
  }
  return workspace;
}

/** The current workspace and the member's access, for any page or part inside it (the workspace layout's loader data; the signed-in person from the root's). */
export function useWorkspace() {
  const data = useRouteLoaderData<typeof workspaceLayoutLoader>("routes/w.$slug");
  const root = useRouteLoaderData<typeof rootLoader>("root");
  if (!data || !root?.me) throw new Error("useWorkspace must be used inside a workspace page");
  return { workspace: workspaceOf(data.workspace), me: root.me, workspaces: data.workspaces };
}
