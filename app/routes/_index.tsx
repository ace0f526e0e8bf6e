import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import {
  AppProvider as PolarisAppProvider,
  BlockStack,
  Button,
  Card,
  List,
  Page,
  Text,
} from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

// Shopify opens the app URL with ?shop=...: that is the admin, so go there.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
}

export default function Landing() {
  return (
    <PolarisAppProvider i18n={polarisTranslations}>
      <Page narrowWidth title="Keel">
        <Card>
          <BlockStack gap="300">
            <Text as="p">Keel runs the operations of a Shopify store from inside the Shopify admin:</Text>
            <List>
              <List.Item>
                demand forecasts, stockout dates and purchase suggestions per variant and location;
              </List.Item>
              <List.Item>
                customer groups, predicted lifetime value and churn, written back to Shopify;
              </List.Item>
              <List.Item>
                storefront A/B experiments with statistics that stay valid when you look every day;
              </List.Item>
              <List.Item>the numbers that run the business, and alerts when they move.</List.Item>
            </List>
            <Button url="/auth/login" variant="primary">
              Log in with your store
            </Button>
          </BlockStack>
        </Card>
      </Page>
    </PolarisAppProvider>
  );
}
