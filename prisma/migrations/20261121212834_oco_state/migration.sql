-- AlterTable
ALTER TABLE "oco_groups" ADD COLUMN     "snapshot" JSONB,
ADD COLUMN     "strategy" VARCHAR(64);

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "leg_id" VARCHAR(96),
ADD COLUMN     "machine_state" JSONB;
