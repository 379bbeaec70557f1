/**
 * "Leave this workspace", with a confirmation. The only Owner is told to
 * transfer ownership first instead of being offered a button that would fail.
 */
import { useSubmit } from "@remix-run/react";
import { useState } from "react";
import { ConfirmDialog } from "../Dialog";
import { FormRefusal } from "../FormRefusal";
import { Alert, Button, Card } from "../ui";

/** `answer` is the page's answer to the leave form (app/lib/formAnswer.ts), or null. */
export function LeaveWorkspace({ workspaceName, soleOwner, answer, busy }: { workspaceName: string; soleOwner: boolean; answer: unknown; busy: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const submit = useSubmit();
  return (
    <Card className="p-4 sm:p-6">
      <h2 className="text-lg font-semibold text-slate-900">Leave {workspaceName}</h2>
      {soleOwner ? (
        <Alert tone="warning" className="mt-3" title="You're the only Owner">
          A workspace needs an Owner, so you can't leave it yet. Transfer ownership to another member first (above), then leave.
        </Alert>
      ) : (
        <p className="mt-1 text-sm text-slate-600">
          You lose access to {workspaceName} at once. Your records stay, and the people who report to you move to your manager. Your account and your other workspaces are unchanged. To come back, you'd need a new
          invitation.
        </p>
      )}
      <FormRefusal answer={answer} className="mt-3" />
      <Button variant="danger" className="mt-4" disabled={soleOwner} onClick={() => setConfirming(true)}>
        Leave workspace
      </Button>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          submit({ intent: "leave" }, { method: "post" });
        }}
        title={`Leave ${workspaceName}?`}
        description="You'll lose access right away. This can't be undone without a new invitation."
        confirmLabel={`Leave ${workspaceName}`}
        busy={busy}
      />
    </Card>
  );
}
