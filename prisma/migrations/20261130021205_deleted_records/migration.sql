-- CreateTable
CREATE TABLE "deleted_records" (
    "shop_id" INTEGER NOT NULL,
    "resource" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "deleted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deleted_records_pkey" PRIMARY KEY ("shop_id","resource","id")
);

-- AddForeignKey
ALTER TABLE "deleted_records" ADD CONSTRAINT "deleted_records_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
