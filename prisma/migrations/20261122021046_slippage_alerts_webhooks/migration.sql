-- CreateEnum
CREATE TYPE "slippage_check_outcome" AS ENUM ('ACCEPTED', 'REPRICED', 'REJECTED');

-- AlterEnum
ALTER TYPE "alert_channel" ADD VALUE 'WEBHOOK';

-- DropForeignKey
ALTER TABLE "slippage_samples" DROP CONSTRAINT "slippage_samples_order_id_fkey";

-- DropIndex
DROP INDEX "slippage_samples_order_id_idx";

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "dedupe_key" VARCHAR(256) NOT NULL DEFAULT '',
ADD COLUMN     "kind" VARCHAR(64) NOT NULL DEFAULT 'GENERIC';

-- AlterTable
ALTER TABLE "oco_groups" ADD COLUMN     "linked_group_id" UUID;

-- AlterTable
ALTER TABLE "slippage_samples" DROP COLUMN "ack_to_fill_ms",
DROP COLUMN "decision_to_submit_ms",
DROP COLUMN "signal_to_decision_ms",
DROP COLUMN "submit_to_ack_ms",
ADD COLUMN     "ack_at" TIMESTAMPTZ(3),
ADD COLUMN     "breach" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "check" "slippage_check_outcome" NOT NULL,
ADD COLUMN     "check_reason" TEXT,
ADD COLUMN     "config_sha" VARCHAR(64) NOT NULL,
ADD COLUMN     "correlation_id" VARCHAR(64) NOT NULL,
ADD COLUMN     "first_fill_at" TIMESTAMPTZ(3),
ADD COLUMN     "group_id" UUID,
ADD COLUMN     "quote_drift_bps" DOUBLE PRECISION NOT NULL,
ADD COLUMN     "sent_at" TIMESTAMPTZ(3),
ADD COLUMN     "sent_price_paise" INTEGER,
ADD COLUMN     "signal_at" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "source" VARCHAR(32) NOT NULL,
ADD COLUMN     "total_ms" INTEGER,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "validated_at" TIMESTAMPTZ(3) NOT NULL,
ALTER COLUMN "order_id" DROP NOT NULL,
ALTER COLUMN "fill_price_paise" DROP NOT NULL,
ALTER COLUMN "slippage_paise" DROP NOT NULL,
ALTER COLUMN "slippage_bps" DROP NOT NULL,
ALTER COLUMN "favourable" DROP NOT NULL;

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "strategy_id" VARCHAR(64) NOT NULL,
    "idempotency_key" VARCHAR(128) NOT NULL,
    "payload" JSONB NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "http_status" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "correlation_id" VARCHAR(64),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "queued_entries" (
    "id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "correlation_id" VARCHAR(64) NOT NULL,
    "request" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'QUEUED',
    "not_before" TIMESTAMPTZ(3) NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMPTZ(3),
    "released_group_id" UUID,

    CONSTRAINT "queued_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_deliveries_received_at_idx" ON "webhook_deliveries"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_strategy_id_idempotency_key_key" ON "webhook_deliveries"("strategy_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "queued_entries_group_id_key" ON "queued_entries"("group_id");

-- CreateIndex
CREATE INDEX "queued_entries_status_not_before_idx" ON "queued_entries"("status", "not_before");

-- CreateIndex
CREATE INDEX "alerts_dedupe_key_created_at_idx" ON "alerts"("dedupe_key", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "slippage_samples_order_id_key" ON "slippage_samples"("order_id");

-- CreateIndex
CREATE INDEX "slippage_samples_created_at_idx" ON "slippage_samples"("created_at");

-- CreateIndex
CREATE INDEX "slippage_samples_group_id_idx" ON "slippage_samples"("group_id");

-- AddForeignKey
ALTER TABLE "slippage_samples" ADD CONSTRAINT "slippage_samples_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;
