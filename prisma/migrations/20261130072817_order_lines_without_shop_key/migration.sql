-- DropForeignKey
ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_shop_id_fkey";
