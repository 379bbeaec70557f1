/**
 * Workspaces that offer joining to people with a confirmed address at
 * their verified domain: "Join <workspace>" in one click (automatic), or
 * "Ask to join" (an Admin approves; the list updates live when they do).
 * Posts `intent=join-domain` to the page it is on.
 */
import { Form } from "@remix-run/react";
import { useLiveRefresh } from "../../lib/liveRefresh";
import { useConnectionStatus } from "../../lib/realtime";
import { FormRefusal } from "../FormRefusal";
import { refusalIn } from "../../lib/formAnswer";
import { Badge, Button, Card } from "../ui";

export interface DomainOffer {
  domainId: string;
  domain: string;
  mode: "automatic" | "request";
  workspaceName: string;
  roleName: string;
  waiting: boolean;
}

/** `answer` is the page's answer to the join form (app/lib/formAnswer.ts). */
export function DomainOffers({ offers, answer, busy }: { offers: DomainOffer[]; answer: unknown; busy: boolean }) {
  useLiveRefresh(["join_request.changed"]);
  const connection = useConnectionStatus();
  if (offers.length === 0 && !refusalIn(answer)) return null;
  return (
    <section aria-labelledby="offers-heading" className="mt-6" data-testid="domain-offers" data-connection={connection}>
      <h2 id="offers-heading" className="text-base font-semibold text-slate-900">
        Workspaces you can join
      </h2>
      <p className="text-sm text-slate-600">Your confirmed email address is at a domain these workspaces have verified.</p>
      <FormRefusal answer={answer} className="mt-3" />
      <Card className="mt-3">
        <ul className="divide-y divide-slate-100">
          {offers.map((offer) => (
            <li key={offer.domainId} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="domain-offer" data-workspace={offer.workspaceName}>
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{offer.workspaceName}</p>
                <p className="text-sm text-slate-500">
                  For people at {offer.domain} · as {offer.roleName}
                </p>
              </div>
              {offer.waiting ? (
                <Badge tone="amber">Waiting for approval</Badge>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="join-domain" />
                  <input type="hidden" name="domainId" value={offer.domainId} />
                  <Button type="submit" size="sm" busy={busy}>
                    {offer.mode === "automatic" ? `Join ${offer.workspaceName}` : `Ask to join ${offer.workspaceName}`}
                  </Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </Card>
    </section>
  );
}
