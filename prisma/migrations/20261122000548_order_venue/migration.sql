-- CreateEnum
CREATE TYPE "order_venue" AS ENUM ('KITE', 'PAPER');

-- AlterTable
ALTER TABLE "oco_groups" ADD COLUMN     "venue" "order_venue" NOT NULL DEFAULT 'KITE';
