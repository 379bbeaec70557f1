/**
 * The invite dialog's frame: a native modal <dialog> (the page behind is
 * inert), named by its heading, Escape closes it, Tab and Shift+Tab go
 * round inside it, and focus goes back to whatever opened it.
 */
import { type ReactNode, type RefObject, useEffect, useRef } from "react";

const focusable = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function ModalShell({
  open,
  onClose,
  titleId,
  returnFocusTo,
  children,
  testId,
}: {
  open: boolean;
  onClose: () => void;
  titleId: string;
  returnFocusTo: RefObject<HTMLElement | null>;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first control (Close); the first field is where the work starts.
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && dialog.open) {
      dialog.close();
      returnFocusTo.current?.focus();
    }
  }, [open, returnFocusTo]);

  function wrapTab(event: React.KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab" || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(focusable)].filter((el) => el.offsetParent !== null || el === document.activeElement);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={ref}
      aria-modal="true"
      aria-labelledby={titleId}
      data-testid={testId}
      onKeyDown={wrapTab}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="w-[calc(100%-2rem)] max-w-3xl rounded-lg p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
    >
      {open ? <div className="max-h-[85vh] overflow-y-auto p-5 sm:p-6">{children}</div> : null}
    </dialog>
  );
}
