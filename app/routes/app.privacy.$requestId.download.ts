import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../auth.server";
import { db } from "../db.server";
import { privacyExportFile } from "../sync/privacy-requests.server";

/** A data request's export, for the merchant to send to the customer; only the shop's own requests. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop: domain } = await requireAdmin(request);
  const requestId = Number(params.requestId);
  const shop = await db.shop.findUnique({ where: { domain }, select: { id: true } });
  const file =
    shop && Number.isSafeInteger(requestId) && requestId > 0
      ? await privacyExportFile(db, shop.id, requestId)
      : null;
  if (!file) return new Response("No such data request for this shop.", { status: 404 });
  return new Response(file.body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
