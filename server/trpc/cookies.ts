/**
 * Services never touch the response: one that signs a browser in or out
 * returns the cookie it must get (`WithCookie`), and the procedure hands
 * the result here, which sets it and answers the rest.
 */
import type { ResponseControl } from "./context";

export function answerSettingCookie<T extends { cookie: string | null }>(response: ResponseControl, result: T): Omit<T, "cookie"> {
  const { cookie, ...answer } = result;
  if (cookie !== null) response.setCookie(cookie);
  return answer;
}
