import type { RouteConfig } from "@remix-run/route-config";
import { flatRoutes } from "@remix-run/fs-routes";

// File-system routes (flat names that mirror URLs), declared through the route config of Remix's v3 flag.
export default flatRoutes() satisfies RouteConfig;
