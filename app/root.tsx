import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink } from "@trpc/client";
import { type ReactNode, useState } from "react";
import { ErrorPage } from "./components/ErrorPage";
import { load } from "./lib/calls.server";
import { useNonce } from "./lib/nonce";
import { useDocumentRequestId, useTrackDocumentAddress } from "./lib/requestId";
import { useFollowTimeHints } from "./lib/time";
import { timeHintsOfRequest, timeHintsScript } from "#shared/time/hints";
import { RealtimeProvider } from "./lib/realtime";
import { trpc } from "./lib/trpc";
import stylesheet from "./tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Team Access" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await load(request, () => context.trpc.auth.me(), context.isProduction);
  const { timeZone, locale } = timeHintsOfRequest(request);
  return json({ me, hints: { timeZone, locale } });
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const requestId = useDocumentRequestId();
  useTrackDocumentAddress();
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* First, before anything renders: the browser's time zone and locale for the server (server/time/hints.ts). */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: timeHintsScript() }} />
        <meta name="request-id" content={requestId} />
        <Meta />
        <Links />
      </head>
      <body className="h-full">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<typeof loader>("root");
  useFollowTimeHints();
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 15_000, refetchOnWindowFocus: true, retry: 1 } },
      }),
  );
  const [trpcClient] = useState(() => trpc.createClient({ links: [httpBatchLink({ url: "/trpc", maxItems: 20 })] }));
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <RealtimeProvider enabled={Boolean(data?.me)}>
          <Outlet />
        </RealtimeProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage error={error} />;
}
