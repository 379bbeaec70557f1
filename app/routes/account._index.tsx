import { redirect } from "@remix-run/node";
import { accountNavigation } from "../lib/accountNavigation";

/** /account opens the first account page. */
export function loader() {
  return redirect(accountNavigation[0]?.to ?? "/");
}
