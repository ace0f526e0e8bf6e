/** Errors the Admin API client raises, each a distinct type so that callers can decide what to do. */

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

/** A mutation answered with `userErrors`: the request was understood and refused. */
export class AdminUserErrors extends Error {
  override name = "AdminUserErrors";
  constructor(
    readonly operation: string,
    readonly userErrors: UserError[],
  ) {
    super(
      `${operation} was refused: ${userErrors
        .map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message))
        .join("; ")}`,
    );
  }
}

/** The store refused our token (app uninstalled, token revoked or expired). */
export class AdminAuthError extends Error {
  override name = "AdminAuthError";
}

/** Top-level GraphQL errors (a bad document, a missing access scope, an internal error). */
export class AdminGraphqlError extends Error {
  override name = "AdminGraphqlError";
  constructor(
    readonly operation: string,
    readonly errors: { message: string; extensions?: { code?: string } }[],
  ) {
    super(`${operation} failed: ${errors.map((e) => e.message).join("; ")}`);
  }
}

/** Throttled or failing after every retry allowed. */
export class AdminUnavailableError extends Error {
  override name = "AdminUnavailableError";
}

/** A response whose shape is not what the document asks for. */
export class AdminResponseShapeError extends Error {
  override name = "AdminResponseShapeError";
}

/** Throws {@link AdminUserErrors} when a mutation payload carries any. */
export function assertNoUserErrors(
  operation: string,
  payload: { userErrors?: UserError[] | null } | null | undefined,
) {
  const errors = payload?.userErrors ?? [];
  if (errors.length > 0) throw new AdminUserErrors(operation, errors);
}
