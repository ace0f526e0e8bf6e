-- AlterTable
ALTER TABLE "variants" ADD COLUMN     "inventory_item_updated_at" TIMESTAMPTZ(3);
