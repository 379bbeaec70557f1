import type { ReactNode } from "react";

export function Logo({ className }: { className?: string }) {
  return (
    <span className={className}>
      <svg viewBox="0 0 32 32" className="h-8 w-8" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#4f46e5" />
        <path d="M9 11h14M9 16h9M9 21h11" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
    </span>
  );
}

export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-full flex-col justify-center px-4 py-12 sm:px-6">
      <div className="mx-auto w-full max-w-md">
        <div className="flex items-center gap-2">
          <Logo />
          <span className="text-lg font-semibold text-slate-900">Team Access</span>
        </div>
        <h1 className="mt-8 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {subtitle ? <p className="mt-2 text-sm text-slate-600">{subtitle}</p> : null}
        <div className="mt-6 rounded-lg bg-white px-6 py-6 shadow-sm ring-1 ring-slate-200 sm:px-8">{children}</div>
        {footer ? <div className="mt-6 text-center text-sm text-slate-600">{footer}</div> : null}
      </div>
    </main>
  );
}
