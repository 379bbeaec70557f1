/**
 * Asking for access, wherever it is needed:
 * - `RequestAccessForm`: pick a permission (and scope) from the catalogue,
 *   say why, choose how long. Used on the Access requests page.
 * - `RequestAccessOffer`: shown where an action was refused for lack of a
 *   permission; the refusal's message plus a "Request access" button that
 *   opens the form for exactly that permission.
 * - `forbiddenPermissionOf(error)`: the permission a refusal names, from a
 *   tRPC client error, an action's error description or a page error.
 */
import { Link } from "@remix-run/react";
import { type FormEvent, useId, useState } from "react";
import {
  isPermission,
  isRecordPermission,
  moduleDefinitions,
  moduleKeys,
  ownerOnlyPermissions,
  type Permission,
  permissionLabel,
  recordPermissions,
  type Scope,
  scopeLabels,
  scopeRank,
  scopes,
  workspacePermissions,
} from "#shared/permissions/catalogue";
import { type GrantDuration, grantDurationLabels, grantDurations } from "#shared/permissions/durations";
import { fieldErrorsOf, formErrorOf, readError } from "../../lib/errors";
import { usePageRefresh } from "../../lib/liveRefresh";
import { trpc } from "../../lib/trpc";
import { Alert, Button, buttonClass, cx, FieldError, SelectField } from "../ui";

/** The permission a refusal is about, when the refusal is FORBIDDEN (not module closed, not owner-only). */
export function forbiddenPermissionOf(error: unknown): Permission | null {
  if (!error || typeof error !== "object") return null;
  const refusal = readError(error);
  if (refusal.code !== "FORBIDDEN") return null;
  const permission = refusal.details?.permission;
  return typeof permission === "string" && isPermission(permission) && !(ownerOnlyPermissions as ReadonlySet<string>).has(permission) ? permission : null;
}

export function requestAccessHref(workspaceSlug: string, permission?: string | null): string {
  return `/w/${workspaceSlug}/requests${permission ? `?permission=${encodeURIComponent(permission)}` : ""}`;
}

const requestable: Permission[] = [...workspacePermissions.filter((p) => !ownerOnlyPermissions.has(p)), ...recordPermissions];

/** What is worth asking for: not held at all, or held on a narrower scope than "all". */
function stillRequestable(held: Partial<Record<Permission, Scope>> | undefined, permission: Permission): boolean {
  const scope = held?.[permission];
  return scope === undefined || (isRecordPermission(permission) && scope !== "all");
}

function PermissionOptions({ held }: { held?: Partial<Record<Permission, Scope>> }) {
  const options = requestable.filter((p) => stillRequestable(held, p));
  return (
    <>
      <optgroup label="Workspace">
        {options
          .filter((p) => !isRecordPermission(p))
          .map((p) => (
            <option key={p} value={p}>
              {permissionLabel(p)}
            </option>
          ))}
      </optgroup>
      {moduleKeys.map((module) => (
        <optgroup key={module} label={moduleDefinitions[module].label}>
          {options
            .filter((p) => p.startsWith(`${module}.`))
            .map((p) => (
              <option key={p} value={p}>
                {permissionLabel(p)}
              </option>
            ))}
        </optgroup>
      ))}
    </>
  );
}

export function RequestAccessForm({
  workspaceSlug,
  permission: fixedPermission,
  initialPermission,
  onSent,
  onCancel,
  compact,
  held,
}: {
  workspaceSlug: string;
  /** The member's current permissions: what they already hold fully is not offered, nor scopes they already cover. */
  held?: Partial<Record<Permission, Scope>>;
  /** Ask for exactly this permission (the offer after a refusal). */
  permission?: Permission;
  initialPermission?: Permission | null;
  onSent?: (requestId: string) => void;
  onCancel?: () => void;
  compact?: boolean;
}) {
  const refresh = usePageRefresh();
  const [permission, setPermission] = useState<string>(fixedPermission ?? initialPermission ?? "");
  const [scope, setScope] = useState<Scope>("own");
  const [reason, setReason] = useState("");
  const [duration, setDuration] = useState<GrantDuration>("1d");
  const [sent, setSent] = useState<string | null>(null);
  const create = trpc.requests.create.useMutation({
    onSuccess: (result) => {
      setSent(result.id);
      setReason("");
      refresh();
      onSent?.(result.id);
    },
  });
  const reasonId = useId();
  const fieldErrors = fieldErrorsOf(create.error);
  const formError = formErrorOf(create.error);
  const isRecord = isPermission(permission) && isRecordPermission(permission);
  const heldScope = isPermission(permission) ? held?.[permission] : undefined;
  // Only scopes wider than what they hold are worth asking for; the narrowest of those is the default.
  const scopeChoices = scopes.filter((s) => !heldScope || scopeRank[s] > scopeRank[heldScope]);
  const chosenScope: Scope = scopeChoices.includes(scope) ? scope : (scopeChoices[0] ?? scope);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ workspaceSlug, permission, scope: isRecord ? chosenScope : "all", reason, duration });
  }

  if (sent) {
    return (
      <Alert tone="success" title="Request sent">
        <p>
          The people who can approve it have been told. You'll get a notification and an email when someone decides.{" "}
          <Link to={requestAccessHref(workspaceSlug)} className="font-medium underline">
            See your requests
          </Link>
        </p>
        {!fixedPermission ? (
          <button type="button" className="mt-2 text-sm font-medium underline" onClick={() => setSent(null)}>
            Ask for something else
          </button>
        ) : null}
      </Alert>
    );
  }

  return (
    <form onSubmit={submit} className={cx("space-y-4", compact && "text-sm")} aria-label="Request access" noValidate>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {fixedPermission ? (
        <p className="text-sm text-slate-700">
          You are asking for <span className="font-semibold">{permissionLabel(fixedPermission)}</span>.
        </p>
      ) : (
        <SelectField label="Access you need" name="permission" value={permission} onChange={(e) => setPermission(e.target.value)} errors={fieldErrors.permission} required>
          <option value="">Choose…</option>
          <PermissionOptions held={held} />
        </SelectField>
      )}
      {isRecord ? (
        <SelectField label="Whose records" name="scope" value={chosenScope} onChange={(e) => setScope(e.target.value as Scope)} errors={fieldErrors.scope}>
          {scopeChoices.map((s) => (
            <option key={s} value={s}>
              {scopeLabels[s]}
            </option>
          ))}
        </SelectField>
      ) : null}
      <div>
        <label htmlFor={reasonId} className="block text-sm font-medium text-slate-800">
          Why do you need it?
        </label>
        <textarea
          id={reasonId}
          name="reason"
          rows={compact ? 2 : 3}
          value={reason}
          maxLength={500}
          onChange={(e) => {
            setReason(e.target.value);
            if (fieldErrors.reason) create.reset();
          }}
          aria-invalid={fieldErrors.reason ? true : undefined}
          aria-describedby={fieldErrors.reason ? `${reasonId}-error` : undefined}
          className={cx(
            "mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset sm:text-sm",
            fieldErrors.reason ? "ring-red-400 focus:ring-red-500" : "ring-slate-300 focus:ring-indigo-600",
          )}
          placeholder="For example: I need to export my contacts for the quarterly report."
        />
        <FieldError id={`${reasonId}-error`} messages={fieldErrors.reason} />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">For how long</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {grantDurations.map((d) => (
            <label
              key={d}
              className={cx(
                "cursor-pointer rounded-md px-3 py-1.5 text-sm ring-1 ring-inset focus-within:ring-2 focus-within:ring-indigo-600",
                duration === d ? "bg-indigo-50 font-semibold text-indigo-700 ring-indigo-300" : "bg-white text-slate-700 ring-slate-300",
              )}
            >
              <input type="radio" name="duration" value={d} checked={duration === d} onChange={() => setDuration(d)} className="sr-only" />
              {grantDurationLabels[d]}
            </label>
          ))}
        </div>
        <FieldError id="duration-error" messages={fieldErrors.duration} />
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={create.isPending}>
          Send request
        </Button>
        {onCancel ? (
          <Button type="button" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The refusal, in words, with a way to ask for the missing access right there. */
export function RequestAccessOffer({ workspaceSlug, error, className }: { workspaceSlug: string; error: unknown; className?: string }) {
  const [open, setOpen] = useState(false);
  const permission = forbiddenPermissionOf(error);
  const text = error && typeof error === "object" && "message" in error && typeof error.message === "string" && error.message !== "" ? error.message : "You don't have permission to do that.";
  return (
    <div className={cx("rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200", className)} role="alert">
      <p>{text}</p>
      {permission ? (
        open ? (
          <div className="mt-3 rounded-md bg-white p-3 ring-1 ring-amber-200">
            <RequestAccessForm workspaceSlug={workspaceSlug} permission={permission} onCancel={() => setOpen(false)} compact />
          </div>
        ) : (
          <button type="button" className={buttonClass("secondary", "sm", "mt-2")} onClick={() => setOpen(true)}>
            Request access
          </button>
        )
      ) : null}
    </div>
  );
}
