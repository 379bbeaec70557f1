/**
 * Transfer ownership, for Owners: pick an active member who isn't an Owner,
 * and choose what you become (still an Owner, or an Admin). The choice is
 * explicit; the server checks everything again.
 */
import { Form } from "@remix-run/react";
import { useState } from "react";
import { FormRefusal } from "../FormRefusal";
import { Alert, Button, Card, SelectField } from "../ui";

export interface TransferCandidate {
  membershipId: string;
  name: string;
  email: string;
  roles: string[];
}

/** `answer` is the page's answer to the transfer form (app/lib/formAnswer.ts), or null. */
export function TransferOwnership({ workspaceName, candidates, answer, busy }: { workspaceName: string; candidates: TransferCandidate[]; answer: unknown; busy: boolean }) {
  const [chosen, setChosen] = useState("");
  const [becomes, setBecomes] = useState<"owner" | "admin">("admin");
  const chosenName = candidates.find((c) => c.membershipId === chosen)?.name;
  return (
    <Card className="p-4 sm:p-6">
      <h2 className="text-lg font-semibold text-slate-900">Transfer ownership</h2>
      <p className="mt-1 text-sm text-slate-600">Make another member an Owner of {workspaceName}: full access, including billing, deleting the workspace and viewing as members. Their other roles stay.</p>
      <FormRefusal answer={answer} className="mt-3" />
      {candidates.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">Everyone else here is already an Owner, or there is nobody else yet. Invite someone first.</p>
      ) : (
        <Form method="post" className="mt-4 max-w-md space-y-4">
          <input type="hidden" name="intent" value="transfer" />
          <SelectField label="New Owner" name="membershipId" value={chosen} onChange={(e) => setChosen(e.target.value)} required>
            <option value="">Choose a member…</option>
            {candidates.map((c) => (
              <option key={c.membershipId} value={c.membershipId}>
                {c.name} ({c.email}) · {c.roles.join(", ")}
              </option>
            ))}
          </SelectField>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">After the transfer, you</legend>
            <div className="mt-2 space-y-2 text-sm text-slate-700">
              <label className="flex items-center gap-2">
                <input type="radio" name="formerOwnerBecomes" value="admin" checked={becomes === "admin"} onChange={() => setBecomes("admin")} className="h-4 w-4 text-indigo-600" />
                become an Admin (you keep managing members, roles and settings)
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="formerOwnerBecomes" value="owner" checked={becomes === "owner"} onChange={() => setBecomes("owner")} className="h-4 w-4 text-indigo-600" />
                stay an Owner too
              </label>
            </div>
          </fieldset>
          <Button type="submit" disabled={!chosen} busy={busy}>
            {chosenName ? `Make ${chosenName} an Owner` : "Transfer ownership"}
          </Button>
        </Form>
      )}
    </Card>
  );
}
