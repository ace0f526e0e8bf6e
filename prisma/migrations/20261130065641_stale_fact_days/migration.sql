-- CreateTable
CREATE TABLE "stale_fact_days" (
    "shop_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "stale_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stale_fact_days_pkey" PRIMARY KEY ("shop_id","day")
);

-- AddForeignKey
ALTER TABLE "stale_fact_days" ADD CONSTRAINT "stale_fact_days_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
