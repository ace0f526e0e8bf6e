/**
 * Shopify sessions in Keel's own PostgreSQL through the app's Prisma client. Written here rather than
 * taken from @shopify/shopify-app-session-storage-prisma, which needs Prisma 6's classic client
 * (docs/decisions/0003-session-storage.md).
 */
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Db } from "../db.server";
import type { Session as SessionRow } from "../generated/prisma/client";

export class PrismaSessionStorage implements SessionStorage {
  constructor(private readonly db: Db) {}

  async storeSession(session: Session): Promise<boolean> {
    const row = toRow(session);
    await this.db.session.upsert({ where: { id: session.id }, create: row, update: row });
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const row = await this.db.session.findUnique({ where: { id } });
    return row ? fromRow(row) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.db.session.deleteMany({ where: { id } });
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.db.session.deleteMany({ where: { id: { in: ids } } });
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const rows = await this.db.session.findMany({ where: { shop }, take: 25 });
    return rows.map(fromRow);
  }
}

function toRow(session: Session): SessionRow {
  const user = session.onlineAccessInfo?.associated_user;
  return {
    id: session.id,
    shop: session.shop,
    state: session.state,
    isOnline: session.isOnline,
    scope: session.scope ?? null,
    expires: session.expires ?? null,
    accessToken: session.accessToken ?? "",
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpires: session.refreshTokenExpires ?? null,
    userId: user?.id !== undefined ? BigInt(user.id) : null,
    firstName: user?.first_name ?? null,
    lastName: user?.last_name ?? null,
    email: user?.email ?? null,
    accountOwner: user?.account_owner ?? false,
    locale: user?.locale ?? null,
    collaborator: user?.collaborator ?? null,
    emailVerified: user?.email_verified ?? null,
  };
}

function fromRow(row: SessionRow): Session {
  const session = new Session({ id: row.id, shop: row.shop, state: row.state, isOnline: row.isOnline });
  session.scope = row.scope ?? undefined;
  session.expires = row.expires ?? undefined;
  session.accessToken = row.accessToken;
  session.refreshToken = row.refreshToken ?? undefined;
  session.refreshTokenExpires = row.refreshTokenExpires ?? undefined;
  if (row.userId !== null) {
    session.onlineAccessInfo = {
      expires_in: 0,
      associated_user_scope: row.scope ?? "",
      associated_user: {
        id: Number(row.userId),
        first_name: row.firstName ?? "",
        last_name: row.lastName ?? "",
        email: row.email ?? "",
        account_owner: row.accountOwner,
        locale: row.locale ?? "",
        collaborator: row.collaborator ?? false,
        email_verified: row.emailVerified ?? false,
      },
    };
  }
  return session;
}
