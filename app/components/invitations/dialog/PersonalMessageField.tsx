/** The optional personal message of an invitation email, shared by both tabs of the Invite Member dialog. */
import { maxPersonalMessageLength } from "#shared/invitations/addresses";

export function PersonalMessageField({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  return (
    <>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Personal message <span className="font-normal text-slate-500">(optional)</span>
      </label>
      <textarea
        id={id}
        rows={2}
        maxLength={maxPersonalMessageLength}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:text-sm"
      />
    </>
  );
}
