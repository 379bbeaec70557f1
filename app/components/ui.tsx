/**
 * The small set of building blocks every page uses, so spacing, colours,
 * focus rings and error placement are the same everywhere.
 */
import { forwardRef, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from "react";

export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}

type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";
type ButtonSize = "sm" | "md";

/**
 * The styles are named once in app/tailwind.css (.btn, .btn-<variant>, .btn-sm): a page has many buttons.
 * Each name is written out whole: Tailwind keeps only the classes it finds in the sources, and
 * would drop one assembled from parts (tests/e2e/styles.test.ts).
 */
const buttonVariantClass: Record<ButtonVariant, string> = {
  primary: "btn btn-primary",
  secondary: "btn btn-secondary",
  danger: "btn btn-danger",
  ghost: "btn btn-ghost",
};

export function buttonClass(variant: ButtonVariant = "primary", size: ButtonSize = "md", extra?: string): string {
  return cx(buttonVariantClass[variant], size === "sm" && "btn-sm", extra);
}

export const Button = forwardRef<HTMLButtonElement, ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize; busy?: boolean }>(function Button(
  { variant = "primary", size = "md", busy, className, children, disabled, type = "button", ...rest },
  ref,
) {
  return (
    <button ref={ref} type={type} className={buttonClass(variant, size, className)} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <Spinner /> : null}
      {children}
    </button>
  );
});

export function Spinner({ className }: { className?: string }) {
  return (
    <svg className={cx("h-4 w-4 animate-spin", className)} viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeOpacity="0.25" strokeWidth="4" />
      <path d="M22 12a10 10 0 0 1-10 10" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
    </svg>
  );
}

export function FieldError({ id, messages }: { id: string; messages?: string[] | string | null }) {
  const list = typeof messages === "string" ? [messages] : (messages ?? []);
  if (list.length === 0) return null;
  return (
    <p id={id} className="mt-1.5 text-sm text-red-600" role="alert">
      {list[0]}
    </p>
  );
}

export const TextField = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; errors?: string[] | string | null; hint?: ReactNode }>(function TextField(
  { label, name, errors, hint, className, id, ...rest },
  ref,
) {
  const generated = useId();
  const inputId = id ?? `${name}-${generated}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const hasError = Boolean(typeof errors === "string" ? errors : errors?.length);
  return (
    <div className={className}>
      <label htmlFor={inputId} className="field-label">
        {label}
      </label>
      <input
        ref={ref}
        id={inputId}
        name={name}
        aria-invalid={hasError || undefined}
        aria-describedby={cx(hasError && errorId, hint ? hintId : null) || undefined}
        className={hasError ? "field-input field-invalid" : "field-input"}
        {...rest}
      />
      {hint ? (
        <p id={hintId} className="mt-1.5 text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} messages={errors} />
    </div>
  );
});

export function SelectField({ label, name, errors, children, className, id, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; name: string; errors?: string[] | string | null }) {
  const generated = useId();
  const selectId = id ?? `${name}-${generated}`;
  const errorId = `${selectId}-error`;
  const hasError = Boolean(typeof errors === "string" ? errors : errors?.length);
  return (
    <div className={className}>
      <label htmlFor={selectId} className="field-label">
        {label}
      </label>
      <select id={selectId} name={name} aria-invalid={hasError || undefined} aria-describedby={hasError ? errorId : undefined} className="field-select" {...rest}>
        {children}
      </select>
      <FieldError id={errorId} messages={errors} />
    </div>
  );
}

type Tone = "error" | "success" | "info" | "warning";
const alertTones: Record<Tone, string> = {
  error: "bg-red-50 text-red-800 ring-red-200",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  info: "bg-sky-50 text-sky-800 ring-sky-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
};

export function Alert({ tone = "info", title, children, className }: { tone?: Tone; title?: string; children?: ReactNode; className?: string }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cx("rounded-md p-3 text-sm ring-1 ring-inset", alertTones[tone], className)}>
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? "mt-1" : undefined}>{children}</div> : null}
    </div>
  );
}

/** The `<option>`s of a select over `{ id, name }` choices (roles, departments). */
export function ChoiceOptions({ choices }: { choices: ReadonlyArray<{ id: string; name: string }> }) {
  return (
    <>
      {choices.map((choice) => (
        <option key={choice.id} value={choice.id}>
          {choice.name}
        </option>
      ))}
    </>
  );
}

/** An error above or below a form, or nothing when there is none. */
export function ErrorAlert({ message, className }: { message: ReactNode; className?: string }) {
  return message ? (
    <Alert tone="error" className={className}>
      {message}
    </Alert>
  ) : null;
}

export type BadgeTone = "slate" | "indigo" | "green" | "amber" | "red" | "sky";

/** Styled once in app/tailwind.css (.badge, .badge-<tone>; slate is the plain .badge), each name written out whole as for buttons. */
const badgeToneClass: Record<BadgeTone, string> = {
  slate: "badge",
  indigo: "badge badge-indigo",
  green: "badge badge-green",
  amber: "badge badge-amber",
  red: "badge badge-red",
  sky: "badge badge-sky",
};

export function Badge({ tone = "slate", children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={badgeToneClass[tone]}>
      {children}
    </span>
  );
}

const avatarColours = ["bg-indigo-500", "bg-emerald-500", "bg-amber-500", "bg-rose-500", "bg-sky-500", "bg-violet-500", "bg-teal-500", "bg-orange-500"];

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "?";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}

/** The background colour of a person's avatar: the same for the same name everywhere. */
export function avatarColour(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return avatarColours[hash % avatarColours.length] ?? "bg-indigo-500";
}

export function Avatar({ name, size = "md" }: { name: string; size?: "sm" | "md" }) {
  const colour = avatarColour(name);
  return (
    <span aria-hidden="true" className={cx("inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white", colour, size === "sm" ? "h-7 w-7 text-xs" : "h-9 w-9 text-sm")}>
      {initialsOf(name)}
    </span>
  );
}

export function Card({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cx("rounded-lg bg-white shadow-sm ring-1 ring-slate-200", className)}>{children}</div>;
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

/** The title line of a card's section, with a sentence under it. */
export function SectionHeader({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="border-b border-slate-100 px-4 py-3 sm:px-5">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      <p className="text-sm text-slate-600">{children}</p>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="px-6 py-12 text-center">
      <p className="text-sm font-semibold text-slate-900">{title}</p>
      {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
    </div>
  );
}
