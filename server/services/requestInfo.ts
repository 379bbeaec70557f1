/** What services may know of the request that asked: who is calling from where (never the response). */
export interface RequestInfo {
  ip: string;
  userAgent: string | null;
  cookieHeader: string | null;
  /** The time zone the browser reported (client hints), when it did. */
  timeZone?: string | null;
}
