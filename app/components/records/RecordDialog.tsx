/**
 * The create/edit form for a module record, described by its fields. Errors
 * from the server appear next to the field they concern.
 */
import { type FormEvent, useEffect, useState } from "react";
import type { RecordResource } from "#shared/permissions/catalogue";
import { readError } from "../../lib/errors";
import { Dialog } from "../Dialog";
import { Alert, Button, SelectField, TextField } from "../ui";

export interface RecordField {
  name: string;
  label: string;
  type?: "text" | "email" | "tel" | "select";
  required?: boolean;
  options?: Array<{ value: string; label: string }>;
  /** A select whose further options are the rows of another record resource (a link, like a candidate's job). */
  source?: RecordResource;
}

export function RecordDialog({
  open,
  title,
  fields,
  initial,
  onClose,
  onSubmit,
}: {
  open: boolean;
  title: string;
  fields: RecordField[];
  initial: Record<string, string>;
  onClose: () => void;
  onSubmit: (values: Record<string, string>) => Promise<void>;
}) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) {
      setValues(initial);
      setErrors({});
      setFormError(null);
    }
  }, [open, initial]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const missing = fields.filter((f) => f.required && !values[f.name]?.trim());
    if (missing.length > 0) {
      setErrors(Object.fromEntries(missing.map((f) => [f.name, [`Enter a ${f.label.toLowerCase()}.`]])));
      return;
    }
    setBusy(true);
    try {
      await onSubmit(values);
      onClose();
    } catch (e) {
      const described = readError(e);
      setErrors(described.fieldErrors);
      setFormError(Object.keys(described.fieldErrors).length > 0 ? null : described.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      testId="record-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} busy={busy}>
            Save
          </Button>
        </>
      }
    >
      <form className="space-y-4" onSubmit={submit} noValidate>
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        {fields.map((field) =>
          field.type === "select" ? (
            <SelectField key={field.name} label={field.label} name={field.name} value={values[field.name] ?? ""} errors={errors[field.name]} onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}>
              {(field.options ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </SelectField>
          ) : (
            <TextField
              key={field.name}
              label={field.label}
              name={field.name}
              type={field.type ?? "text"}
              required={field.required}
              value={values[field.name] ?? ""}
              errors={errors[field.name]}
              onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
            />
          ),
        )}
        <button type="submit" className="hidden" aria-hidden="true" tabIndex={-1} />
      </form>
    </Dialog>
  );
}
