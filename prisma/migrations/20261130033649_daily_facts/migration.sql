-- AlterTable
ALTER TABLE "inventory_daily" DROP CONSTRAINT "inventory_daily_pkey",
ADD COLUMN     "as_of" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "inventory_item_id" BIGINT NOT NULL,
ALTER COLUMN "variant_id" DROP NOT NULL,
ADD CONSTRAINT "inventory_daily_pkey" PRIMARY KEY ("shop_id", "inventory_item_id", "location_id", "day");

-- CreateTable
CREATE TABLE "daily_sales" (
    "shop_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "orders" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "gross_sales" DECIMAL(18,4) NOT NULL,
    "discounts" DECIMAL(18,4) NOT NULL,
    "revenue" DECIMAL(18,4) NOT NULL,
    "units_refunded" INTEGER NOT NULL,
    "refunds" DECIMAL(18,4) NOT NULL,
    "customers" INTEGER NOT NULL,
    "new_customers" INTEGER NOT NULL,
    "returning_customers" INTEGER NOT NULL,
    "guest_orders" INTEGER NOT NULL,

    CONSTRAINT "daily_sales_pkey" PRIMARY KEY ("shop_id","day","channel","currency")
);

-- CreateTable
CREATE TABLE "daily_variant_sales" (
    "shop_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "orders" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "gross_sales" DECIMAL(18,4) NOT NULL,
    "discounts" DECIMAL(18,4) NOT NULL,
    "units_refunded" INTEGER NOT NULL,
    "refunds" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "daily_variant_sales_pkey" PRIMARY KEY ("shop_id","day","variant_id","currency")
);

-- CreateTable
CREATE TABLE "daily_customer_sales" (
    "shop_id" INTEGER NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "orders" INTEGER NOT NULL,
    "revenue" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "daily_customer_sales_pkey" PRIMARY KEY ("shop_id","customer_id","day","currency")
);

-- CreateIndex
CREATE INDEX "daily_variant_sales_shop_id_variant_id_day_idx" ON "daily_variant_sales"("shop_id", "variant_id", "day");

-- CreateIndex
CREATE INDEX "daily_customer_sales_shop_id_day_idx" ON "daily_customer_sales"("shop_id", "day");

-- CreateIndex
CREATE INDEX "inventory_daily_shop_id_variant_id_day_idx" ON "inventory_daily"("shop_id", "variant_id", "day");

-- AddForeignKey
ALTER TABLE "daily_sales" ADD CONSTRAINT "daily_sales_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "daily_variant_sales" ADD CONSTRAINT "daily_variant_sales_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "daily_customer_sales" ADD CONSTRAINT "daily_customer_sales_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- End-of-day inventory positions follow every write to inventory_levels, whichever path made it (backfill,
-- webhook, reconciliation): the day is the level's updated_at in the shop's time zone, and a level older than
-- the one already recorded for that day leaves the day as it is.
CREATE FUNCTION "record_inventory_daily"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "inventory_daily" ("shop_id", "inventory_item_id", "location_id", "day", "variant_id", "available", "out_of_stock", "as_of")
  SELECT NEW."shop_id", NEW."inventory_item_id", NEW."location_id",
         (coalesce(NEW."shopify_updated_at", NEW."synced_at") AT TIME ZONE s."time_zone")::date,
         NEW."variant_id", NEW."available", NEW."available" <= 0, coalesce(NEW."shopify_updated_at", NEW."synced_at")
  FROM "shops" s WHERE s."id" = NEW."shop_id"
  ON CONFLICT ("shop_id", "inventory_item_id", "location_id", "day") DO UPDATE
    SET "available" = EXCLUDED."available", "out_of_stock" = EXCLUDED."out_of_stock", "as_of" = EXCLUDED."as_of",
        "variant_id" = coalesce(EXCLUDED."variant_id", "inventory_daily"."variant_id")
    WHERE "inventory_daily"."as_of" <= EXCLUDED."as_of";
  RETURN NULL;
END $$;

CREATE TRIGGER "inventory_levels_record_daily"
  AFTER INSERT OR UPDATE OF "available", "shopify_updated_at", "variant_id" ON "inventory_levels"
  FOR EACH ROW EXECUTE FUNCTION "record_inventory_daily"();
