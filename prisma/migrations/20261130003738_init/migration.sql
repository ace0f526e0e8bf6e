-- CreateEnum
CREATE TYPE "SyncState" AS ENUM ('pending', 'backfilling', 'ready', 'failed');

-- CreateEnum
CREATE TYPE "WebhookStatus" AS ENUM ('received', 'processing', 'processed', 'failed', 'skipped');

-- CreateTable
CREATE TABLE "shops" (
    "id" SERIAL NOT NULL,
    "domain" TEXT NOT NULL,
    "shopify_id" BIGINT,
    "name" TEXT,
    "email" TEXT,
    "currency" CHAR(3),
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "plan_name" TEXT,
    "scopes" TEXT,
    "installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalled_at" TIMESTAMPTZ(3),
    "sync_state" "SyncState" NOT NULL DEFAULT 'pending',
    "sync_started_at" TIMESTAMPTZ(3),
    "sync_completed_at" TIMESTAMPTZ(3),
    "sync_error" TEXT,
    "last_reconciled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "is_online" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMPTZ(3),
    "access_token" TEXT NOT NULL,
    "refresh_token" TEXT,
    "refresh_token_expires" TIMESTAMPTZ(3),
    "user_id" BIGINT,
    "first_name" TEXT,
    "last_name" TEXT,
    "email" TEXT,
    "account_owner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN,
    "email_verified" BOOLEAN,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "locations" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "fulfills_online" BOOLEAN NOT NULL DEFAULT true,
    "country_code" TEXT,
    "shopify_updated_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "locations_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "products" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT,
    "vendor" TEXT,
    "product_type" TEXT,
    "status" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "shopify_created_at" TIMESTAMPTZ(3),
    "shopify_updated_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "products_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "variants" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "product_id" BIGINT NOT NULL,
    "title" TEXT,
    "sku" TEXT,
    "barcode" TEXT,
    "price" DECIMAL(18,4) NOT NULL,
    "compare_at_price" DECIMAL(18,4),
    "unit_cost" DECIMAL(18,4),
    "inventory_item_id" BIGINT,
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER,
    "shopify_updated_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "variants_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "inventory_levels" (
    "shop_id" INTEGER NOT NULL,
    "inventory_item_id" BIGINT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "variant_id" BIGINT,
    "available" INTEGER NOT NULL,
    "on_hand" INTEGER,
    "committed" INTEGER,
    "incoming" INTEGER,
    "shopify_updated_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventory_levels_pkey" PRIMARY KEY ("shop_id","inventory_item_id","location_id")
);

-- CreateTable
CREATE TABLE "inventory_daily" (
    "shop_id" INTEGER NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "available" INTEGER NOT NULL,
    "out_of_stock" BOOLEAN NOT NULL,

    CONSTRAINT "inventory_daily_pkey" PRIMARY KEY ("shop_id","variant_id","location_id","day")
);

-- CreateTable
CREATE TABLE "customers" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "email" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "phone" TEXT,
    "city" TEXT,
    "province" TEXT,
    "country_code" TEXT,
    "state" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "accepts_marketing" BOOLEAN,
    "currency" CHAR(3),
    "shopify_created_at" TIMESTAMPTZ(3),
    "shopify_updated_at" TIMESTAMPTZ(3),
    "redacted_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "orders" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "customer_id" BIGINT,
    "source_name" TEXT,
    "financial_status" TEXT,
    "fulfillment_status" TEXT,
    "currency" CHAR(3) NOT NULL,
    "subtotal" DECIMAL(18,4) NOT NULL,
    "total_discounts" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "total_shipping" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "total_tax" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "total" DECIMAL(18,4) NOT NULL,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "note_attributes" JSONB NOT NULL DEFAULT '[]',
    "shopify_created_at" TIMESTAMPTZ(3) NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL,
    "cancelled_at" TIMESTAMPTZ(3),
    "cancel_reason" TEXT,
    "shopify_updated_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "order_lines" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "variant_id" BIGINT,
    "product_id" BIGINT,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "price" DECIMAL(18,4) NOT NULL,
    "total_discount" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "processed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "order_lines_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "note" TEXT,
    "shopify_created_at" TIMESTAMPTZ(3) NOT NULL,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "refund_lines" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "refund_id" BIGINT NOT NULL,
    "order_line_id" BIGINT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "subtotal" DECIMAL(18,4) NOT NULL,
    "total_tax" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "restock_type" TEXT,
    "location_id" BIGINT,

    CONSTRAINT "refund_lines_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "shop_id" INTEGER NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "api_version" TEXT,
    "event_id" TEXT,
    "triggered_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "body" JSONB NOT NULL,
    "status" "WebhookStatus" NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("shop_id","webhook_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "shops_domain_key" ON "shops"("domain");

-- CreateIndex
CREATE INDEX "sessions_shop_idx" ON "sessions"("shop");

-- CreateIndex
CREATE INDEX "variants_shop_id_product_id_idx" ON "variants"("shop_id", "product_id");

-- CreateIndex
CREATE INDEX "variants_shop_id_inventory_item_id_idx" ON "variants"("shop_id", "inventory_item_id");

-- CreateIndex
CREATE INDEX "variants_shop_id_sku_idx" ON "variants"("shop_id", "sku");

-- CreateIndex
CREATE INDEX "inventory_levels_shop_id_variant_id_idx" ON "inventory_levels"("shop_id", "variant_id");

-- CreateIndex
CREATE INDEX "inventory_daily_shop_id_day_idx" ON "inventory_daily"("shop_id", "day");

-- CreateIndex
CREATE INDEX "orders_shop_id_processed_at_idx" ON "orders"("shop_id", "processed_at");

-- CreateIndex
CREATE INDEX "orders_shop_id_customer_id_processed_at_idx" ON "orders"("shop_id", "customer_id", "processed_at");

-- CreateIndex
CREATE INDEX "order_lines_shop_id_order_id_idx" ON "order_lines"("shop_id", "order_id");

-- CreateIndex
CREATE INDEX "order_lines_shop_id_variant_id_processed_at_idx" ON "order_lines"("shop_id", "variant_id", "processed_at");

-- CreateIndex
CREATE INDEX "refunds_shop_id_order_id_idx" ON "refunds"("shop_id", "order_id");

-- CreateIndex
CREATE INDEX "refunds_shop_id_shopify_created_at_idx" ON "refunds"("shop_id", "shopify_created_at");

-- CreateIndex
CREATE INDEX "refund_lines_shop_id_refund_id_idx" ON "refund_lines"("shop_id", "refund_id");

-- CreateIndex
CREATE INDEX "refund_lines_shop_id_order_line_id_idx" ON "refund_lines"("shop_id", "order_line_id");

-- CreateIndex
CREATE INDEX "webhook_events_received_at_idx" ON "webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "webhook_events_shop_id_status_received_at_idx" ON "webhook_events"("shop_id", "status", "received_at");

-- AddForeignKey
ALTER TABLE "locations" ADD CONSTRAINT "locations_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "variants" ADD CONSTRAINT "variants_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "variants" ADD CONSTRAINT "variants_shop_id_product_id_fkey" FOREIGN KEY ("shop_id", "product_id") REFERENCES "products"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_levels" ADD CONSTRAINT "inventory_levels_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_daily" ADD CONSTRAINT "inventory_daily_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_shop_id_order_id_fkey" FOREIGN KEY ("shop_id", "order_id") REFERENCES "orders"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_shop_id_order_id_fkey" FOREIGN KEY ("shop_id", "order_id") REFERENCES "orders"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_lines" ADD CONSTRAINT "refund_lines_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_lines" ADD CONSTRAINT "refund_lines_shop_id_refund_id_fkey" FOREIGN KEY ("shop_id", "refund_id") REFERENCES "refunds"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_lines" ADD CONSTRAINT "refund_lines_shop_id_order_line_id_fkey" FOREIGN KEY ("shop_id", "order_line_id") REFERENCES "order_lines"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
