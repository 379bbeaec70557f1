/** What a failed tRPC call from the browser says: its message and any field errors, for the form. */
export function describeClientError(error: unknown): { message: string; fieldErrors: Record<string, string[] | undefined> } {
  const e = error as { message?: string; data?: { fieldErrors?: Record<string, string[] | undefined> | null } } | null;
  return { message: e?.message ?? "Something went wrong. Please try again.", fieldErrors: e?.data?.fieldErrors ?? {} };
}
