/**
 * Headers for a file download. Pure, so the page routes use it too. The
 * name goes out twice (RFC 6266): an ASCII fallback with anything else
 * replaced, and `filename*` percent-encoded as UTF-8 (RFC 8187), so no
 * value, whatever it holds, can break out of the header.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function csvDownloadHeaders(filename: string): Record<string, string> {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": attachmentDisposition(filename),
    "Cache-Control": "no-store",
  };
}
