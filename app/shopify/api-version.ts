import { ApiVersion } from "@shopify/shopify-api";

/**
 * The one Admin API version Keel speaks, everywhere: the app config, the Admin API client, the webhooks'
 * expected version and the sandbox store. Change it here and nowhere else.
 */
export const API_VERSION = ApiVersion.July26;
