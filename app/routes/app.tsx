import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { Badge, Box, Button, InlineStack, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { requireAdmin } from "../auth.server";
import { coreEnv, shopifyEnv } from "../env.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

/** Every page under /app is an admin page: authenticated here, for all of them. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  // In demo mode the pages run outside the Shopify admin, where App Bridge has nothing to attach to.
  return { apiKey: shopifyEnv().SHOPIFY_API_KEY, embedded: !coreEnv().KEEL_DEMO_SHOP };
}

const pages = [
  { url: "/app", label: "Overview" },
  { url: "/app/dashboard", label: "Dashboard" },
  { url: "/app/sync", label: "Sync" },
  { url: "/app/privacy", label: "Privacy" },
];

export default function App() {
  const { apiKey, embedded } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp={embedded} apiKey={apiKey}>
      {embedded ? (
        <NavMenu>
          {pages.map((page, i) => (
            <Link key={page.url} to={page.url} rel={i === 0 ? "home" : undefined}>
              {page.label}
            </Link>
          ))}
        </NavMenu>
      ) : (
        <DemoNavigation />
      )}
      <Outlet />
    </AppProvider>
  );
}

/** Outside the Shopify admin (demo mode) there is no admin sidebar: the pages get a bar of their own. */
function DemoNavigation() {
  const { pathname } = useLocation();
  return (
    <Box background="bg-surface" borderBlockEndWidth="025" borderColor="border" padding="300">
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" variant="headingMd">
          Keel
        </Text>
        <Badge tone="info">Demo store</Badge>
        {pages.map((page) => (
          <Button key={page.url} url={page.url} variant={pathname === page.url ? "secondary" : "tertiary"}>
            {page.label}
          </Button>
        ))}
      </InlineStack>
    </Box>
  );
}

// Shopify needs its own headers and error handling for auth redirects to work inside the admin.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
