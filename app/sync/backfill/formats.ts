/** The text formats of a bulk result's values, shared by the zod schemas and the hand-written readers. */
import { z } from "zod";

/** A Shopify global id: its type, its numeric id, and an optional query string. */
export const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/;

export const DECIMAL = /^-?\d+(\.\d+)?$/;

/** An ISO 8601 time with `Z` or an offset, as zod checks it (zod's own pattern, so both always agree). */
export const datetime = z.iso.datetime({ offset: true });
export const DATETIME = datetime.def.pattern!;
