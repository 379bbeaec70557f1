/**
 * Importing people from a CSV (decision 31): choose a file or paste it,
 * "Check file" checks every line on the server in one call and lists the
 * problems by line; a clean file shows who gets what and the seats it uses,
 * then "Send Invitation" sends every line or, if something changed since
 * the check, none (and says which lines).
 */
import { useEffect, useRef, useState } from "react";
import { maxCsvPeople } from "#shared/invitations/addresses";
import type { CsvCheck, CsvImportResult } from "./types";
import { readError } from "../../../lib/errors";
import { useFormat } from "../../../lib/time";
import { trpc } from "../../../lib/trpc";
import { Alert, Button, ErrorAlert } from "../../ui";
import { PersonalMessageField } from "./PersonalMessageField";
import { seatLineFor } from "./seats";
import { TableHead } from "../../uiTable";

export const csvExample = "email,roles,department,manager\nana@company.com,Admin\nben@company.com,Member;Viewer,Sales,lead@company.com";

export function CsvImport({ workspaceSlug, onSent, onClose }: { workspaceSlug: string; onSent: () => void; onClose: () => void }) {
  const { number } = useFormat();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  const [check, setCheck] = useState<CsvCheck | null>(null);
  const [sent, setSent] = useState<CsvImportResult | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const checking = trpc.invitations.checkCsv.useMutation();
  const importing = trpc.invitations.importCsv.useMutation();
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (check || sent) outcome.current?.focus();
  }, [check, sent]);

  function edited(text: string) {
    setCsv(text);
    setCheck(null);
    setSent(null);
    setFormError(null);
  }

  async function readFile(file: File | undefined) {
    if (!file) return;
    setFileName(file.name);
    edited(await file.text());
  }

  async function runCheck() {
    setFormError(null);
    setSent(null);
    if (!csv.trim()) return setFormError("Choose a CSV file or paste its contents.");
    try {
      setCheck(await checking.mutateAsync({ workspaceSlug, csv }));
    } catch (error) {
      setFormError(readError(error).message);
    }
  }

  async function send() {
    setFormError(null);
    try {
      const answer = await importing.mutateAsync({ workspaceSlug, csv, message: message || undefined });
      setSent(answer);
      setCheck(answer.sent > 0 ? null : answer);
      if (answer.sent > 0) onSent();
    } catch (error) {
      setFormError(readError(error).message);
    }
  }

  if (sent && sent.sent > 0) {
    return (
      <div ref={outcome} tabIndex={-1} data-testid="csv-sent" className="focus:outline-none">
        <Alert tone="success">{`${number(sent.sent)} ${sent.sent === 1 ? "invitation" : "invitations"} sent. Each person gets an email with a link to join.`}</Alert>
        <div className="mt-5 flex justify-end gap-2">
          <Button
            variant="secondary"
            onClick={() => {
              edited("");
              setFileName(null);
            }}
          >
            Import another file
          </Button>
          <Button onClick={onClose}>Done</Button>
        </div>
      </div>
    );
  }

  const seatLine = check?.ok ? seatLineFor(check.seats, check.people.length, number) : null;
  return (
    <div data-testid="csv-import">
      <div className="rounded-md bg-slate-50 p-3 text-sm text-slate-700 ring-1 ring-slate-200">
        <p>
          A header row, then one person per line: <strong>email</strong> and <strong>roles</strong>, and optionally <strong>department</strong> and <strong>manager</strong> (the email of someone already in the
          workspace). Separate several roles with a semicolon (<code>;</code>); the first is the primary role. Up to {number(maxCsvPeople)} people per file. For example:
        </p>
        <pre className="mt-2 overflow-x-auto rounded bg-white p-2 text-xs text-slate-800 ring-1 ring-slate-200" data-testid="csv-example">
          {csvExample}
        </pre>
      </div>

      <div className="mt-4 grid gap-3">
        <div>
          <label htmlFor="invite-csv-file" className="block text-sm font-medium text-slate-800">
            CSV file
          </label>
          <input
            id="invite-csv-file"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => void readFile(e.target.files?.[0])}
            className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-1.5 file:text-sm file:font-semibold file:text-indigo-700 hover:file:bg-indigo-100"
          />
          {fileName ? <p className="mt-1 text-xs text-slate-500">Read {fileName}; you can correct it below.</p> : null}
        </div>
        <div>
          <label htmlFor="invite-csv-text" className="block text-sm font-medium text-slate-800">
            Or paste the CSV
          </label>
          <textarea
            id="invite-csv-text"
            rows={6}
            value={csv}
            spellCheck={false}
            onChange={(e) => edited(e.target.value)}
            placeholder={csvExample}
            className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 font-mono text-xs text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
          />
        </div>
        <div>
          <PersonalMessageField id="invite-csv-message" value={message} onChange={setMessage} />
        </div>
      </div>

      <ErrorAlert message={formError} className="mt-3" />

      {check ? (
        <div ref={outcome} tabIndex={-1} className="mt-4 focus:outline-none" data-testid="csv-check" data-ok={check.ok ? "true" : "false"}>
          {check.ok ? (
            <>
              <h3 className="text-base font-semibold text-slate-900">Review the details</h3>
              <p className="mt-1 text-sm text-slate-600">
                Every line is ready: {number(check.people.length)} {check.people.length === 1 ? "person" : "people"} will get an email with a link to join.
              </p>
              <div className="mt-2 max-h-64 overflow-y-auto rounded-md ring-1 ring-slate-200">
                <table className="w-full text-left text-sm">
                  <TableHead className="sticky top-0 bg-white text-slate-500" cellClassName="px-2 py-1.5 font-medium" columns={["Line", "Email", "Roles", "Department", "Manager"]} />
                  <tbody className="divide-y divide-slate-100">
                    {check.people.map((p) => (
                      <tr key={p.line} data-testid="csv-person">
                        <td className="px-2 py-1 text-slate-500">{p.line}</td>
                        <td className="break-all px-2 py-1 text-slate-900">{p.email}</td>
                        <td className="px-2 py-1 text-slate-700">
                          {p.roles[0]} <span className="text-slate-500">(primary)</span>
                          {p.roles.length > 1 ? `, ${p.roles.slice(1).join(", ")}` : ""}
                        </td>
                        <td className="px-2 py-1 text-slate-700">{p.department ?? "—"}</td>
                        <td className="px-2 py-1 text-slate-700">{p.manager ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {seatLine ? (
                <p className="mt-3 text-sm font-medium text-slate-800" data-testid="invite-seats">
                  {seatLine.text}
                </p>
              ) : null}
            </>
          ) : (
            <Alert tone="error" title={sent ? "Nothing was sent: something changed since the check" : "Nothing was sent. Fix these lines and check again"}>
              <ul className="mt-1 list-disc space-y-0.5 pl-5" data-testid="csv-problems">
                {check.problems.map((p, i) => (
                  <li key={`${p.line ?? "file"}-${i}`} data-testid="csv-problem" data-line={p.line ?? ""} data-code={p.code}>
                    {p.message}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
        </div>
      ) : null}

      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        {check?.ok ? (
          <Button onClick={send} busy={importing.isPending}>
            Send Invitation
          </Button>
        ) : (
          <Button onClick={runCheck} busy={checking.isPending}>
            Check file
          </Button>
        )}
      </div>
    </div>
  );
}
