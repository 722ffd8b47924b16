-- CreateEnum
CREATE TYPE "side" AS ENUM ('BUY', 'SELL');

-- CreateEnum
CREATE TYPE "order_type" AS ENUM ('MARKET', 'LIMIT', 'SL', 'SL-M');

-- CreateEnum
CREATE TYPE "product" AS ENUM ('MIS', 'NRML', 'CNC');

-- CreateEnum
CREATE TYPE "validity" AS ENUM ('DAY', 'IOC');

-- CreateEnum
CREATE TYPE "order_role" AS ENUM ('ENTRY', 'STOP', 'TP1', 'TP2', 'EXIT', 'HEDGE');

-- CreateEnum
CREATE TYPE "order_status" AS ENUM ('PENDING_SUBMIT', 'DENIED', 'SUBMITTED', 'OPEN', 'TRIGGER_PENDING', 'MODIFY_PENDING', 'CANCEL_PENDING', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "update_source" AS ENUM ('TICKER', 'POSTBACK', 'POLL', 'RECONCILIATION', 'ENGINE');

-- CreateEnum
CREATE TYPE "trading_state" AS ENUM ('ACTIVE', 'PAUSED', 'HALTED');

-- CreateEnum
CREATE TYPE "actor_type" AS ENUM ('USER', 'SYSTEM');

-- CreateEnum
CREATE TYPE "severity" AS ENUM ('INFO', 'WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "alert_channel" AS ENUM ('TELEGRAM', 'EMAIL');

-- CreateEnum
CREATE TYPE "alert_status" AS ENUM ('PENDING', 'SENT', 'FAILED', 'SUPPRESSED');

-- CreateEnum
CREATE TYPE "reconciliation_trigger" AS ENUM ('STARTUP', 'PERIODIC', 'RECONNECT', 'MANUAL');

-- CreateEnum
CREATE TYPE "reconciliation_outcome" AS ENUM ('RUNNING', 'CLEAN', 'DISCREPANCIES', 'FAILED');

-- CreateTable
CREATE TABLE "instruments" (
    "id" UUID NOT NULL,
    "token" BIGINT NOT NULL,
    "exchange_token" INTEGER NOT NULL,
    "exchange" VARCHAR(8) NOT NULL,
    "segment" VARCHAR(16) NOT NULL,
    "tradingsymbol" VARCHAR(64) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "type" VARCHAR(8) NOT NULL,
    "tick_size_paise" INTEGER NOT NULL,
    "lot_size" INTEGER NOT NULL,
    "freeze_quantity" INTEGER,
    "expiry" DATE,
    "strike_paise" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "instruments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "config_versions" (
    "sha" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "canonical_json" TEXT NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "config_versions_pkey" PRIMARY KEY ("sha")
);

-- CreateTable
CREATE TABLE "signals" (
    "id" UUID NOT NULL,
    "strategy" VARCHAR(64) NOT NULL,
    "instrument_id" UUID NOT NULL,
    "side" "side" NOT NULL,
    "entry_price_paise" INTEGER NOT NULL,
    "stop_price_paise" INTEGER NOT NULL,
    "tp1_price_paise" INTEGER,
    "tp2_price_paise" INTEGER,
    "features" JSONB NOT NULL,
    "feature_scores" JSONB NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "rank" INTEGER,
    "config_sha" VARCHAR(64) NOT NULL,
    "correlation_id" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "decisions" (
    "id" UUID NOT NULL,
    "signal_id" UUID NOT NULL,
    "approved" BOOLEAN NOT NULL,
    "reason" VARCHAR(64),
    "capital_paise" BIGINT NOT NULL,
    "risk_amount_paise" BIGINT NOT NULL,
    "risk_pct_bps" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "lots" INTEGER NOT NULL,
    "heat_before_paise" BIGINT NOT NULL,
    "heat_after_paise" BIGINT NOT NULL,
    "config_sha" VARCHAR(64) NOT NULL,
    "client_plan_id" VARCHAR(64) NOT NULL,
    "correlation_id" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oco_groups" (
    "id" UUID NOT NULL,
    "instrument_id" UUID NOT NULL,
    "side" "side" NOT NULL,
    "state" VARCHAR(32) NOT NULL,
    "planned_quantity" INTEGER NOT NULL,
    "entry_filled_quantity" INTEGER NOT NULL DEFAULT 0,
    "exit_filled_quantity" INTEGER NOT NULL DEFAULT 0,
    "decision_id" UUID,
    "correlation_id" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "oco_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" UUID NOT NULL,
    "client_order_id" VARCHAR(20) NOT NULL,
    "broker_order_id" VARCHAR(32),
    "exchange_order_id" VARCHAR(32),
    "parent_group" UUID,
    "role" "order_role" NOT NULL,
    "instrument_id" UUID NOT NULL,
    "side" "side" NOT NULL,
    "order_type" "order_type" NOT NULL,
    "product" "product" NOT NULL,
    "validity" "validity" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "filled_quantity" INTEGER NOT NULL DEFAULT 0,
    "price_paise" INTEGER,
    "trigger_price_paise" INTEGER,
    "average_price_paise" INTEGER,
    "status" "order_status" NOT NULL DEFAULT 'PENDING_SUBMIT',
    "status_before_pending" "order_status",
    "status_message" TEXT,
    "is_external" BOOLEAN NOT NULL DEFAULT false,
    "decision_id" UUID,
    "correlation_id" VARCHAR(64) NOT NULL,
    "modification_count" INTEGER NOT NULL DEFAULT 0,
    "submitted_at" TIMESTAMPTZ(3),
    "exchange_updated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_status_history" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "from_status" "order_status",
    "to_status" "order_status" NOT NULL,
    "reason" TEXT,
    "source" "update_source" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_status_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fills" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "trade_id" VARCHAR(64) NOT NULL,
    "quantity" INTEGER NOT NULL,
    "price_paise" INTEGER NOT NULL,
    "filled_at" TIMESTAMPTZ(3) NOT NULL,
    "source" "update_source" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "positions" (
    "id" UUID NOT NULL,
    "instrument_id" UUID NOT NULL,
    "product" "product" NOT NULL,
    "net_quantity" INTEGER NOT NULL DEFAULT 0,
    "buy_quantity" INTEGER NOT NULL DEFAULT 0,
    "sell_quantity" INTEGER NOT NULL DEFAULT 0,
    "buy_value_paise" BIGINT NOT NULL DEFAULT 0,
    "sell_value_paise" BIGINT NOT NULL DEFAULT 0,
    "average_price_paise" INTEGER,
    "last_price_paise" INTEGER,
    "realised_pnl_paise" BIGINT NOT NULL DEFAULT 0,
    "unrealised_pnl_paise" BIGINT NOT NULL DEFAULT 0,
    "mfe_paise" BIGINT NOT NULL DEFAULT 0,
    "mae_paise" BIGINT NOT NULL DEFAULT 0,
    "risk_amount_paise" BIGINT NOT NULL DEFAULT 0,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "positions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trades" (
    "id" UUID NOT NULL,
    "oco_group_id" UUID,
    "instrument_id" UUID NOT NULL,
    "strategy" VARCHAR(64),
    "side" "side" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "entry_average_price_paise" INTEGER NOT NULL,
    "exit_average_price_paise" INTEGER NOT NULL,
    "realised_pnl_paise" BIGINT NOT NULL,
    "fees_paise" BIGINT NOT NULL,
    "slippage_paise" BIGINT NOT NULL,
    "correlation_id" VARCHAR(64) NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trades_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_events" (
    "id" UUID NOT NULL,
    "kind" VARCHAR(64) NOT NULL,
    "severity" "severity" NOT NULL,
    "instrument_id" UUID,
    "order_id" UUID,
    "message" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "correlation_id" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" VARCHAR(128),

    CONSTRAINT "risk_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" UUID NOT NULL,
    "actor_type" "actor_type" NOT NULL,
    "actor" VARCHAR(128) NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "entity" VARCHAR(64) NOT NULL,
    "entity_id" VARCHAR(64),
    "payload" JSONB NOT NULL,
    "correlation_id" VARCHAR(64),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slippage_samples" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "strategy" VARCHAR(64) NOT NULL,
    "instrument_id" UUID NOT NULL,
    "side" "side" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "signal_price_paise" INTEGER NOT NULL,
    "market_price_paise" INTEGER NOT NULL,
    "fill_price_paise" INTEGER NOT NULL,
    "slippage_paise" INTEGER NOT NULL,
    "slippage_bps" DOUBLE PRECISION NOT NULL,
    "favourable" BOOLEAN NOT NULL,
    "signal_to_decision_ms" INTEGER,
    "decision_to_submit_ms" INTEGER,
    "submit_to_ack_ms" INTEGER,
    "ack_to_fill_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slippage_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_runs" (
    "id" UUID NOT NULL,
    "trigger" "reconciliation_trigger" NOT NULL,
    "outcome" "reconciliation_outcome" NOT NULL DEFAULT 'RUNNING',
    "summary" JSONB,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "reconciliation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_discrepancies" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "kind" VARCHAR(64) NOT NULL,
    "order_id" UUID,
    "broker_order_id" VARCHAR(32),
    "instrument_id" UUID,
    "expected" JSONB,
    "actual" JSONB,
    "action_taken" TEXT,
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" VARCHAR(128),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_discrepancies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "channel" "alert_channel" NOT NULL,
    "severity" "severity" NOT NULL,
    "title" VARCHAR(256) NOT NULL,
    "body" TEXT NOT NULL,
    "status" "alert_status" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "correlation_id" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trading_state_changes" (
    "id" UUID NOT NULL,
    "state" "trading_state" NOT NULL,
    "previous_state" "trading_state",
    "reason" TEXT NOT NULL,
    "actor_type" "actor_type" NOT NULL,
    "actor" VARCHAR(128) NOT NULL,
    "correlation_id" VARCHAR(64),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trading_state_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "instruments_token_key" ON "instruments"("token");

-- CreateIndex
CREATE INDEX "instruments_name_expiry_idx" ON "instruments"("name", "expiry");

-- CreateIndex
CREATE UNIQUE INDEX "instruments_exchange_tradingsymbol_key" ON "instruments"("exchange", "tradingsymbol");

-- CreateIndex
CREATE INDEX "config_versions_kind_created_at_idx" ON "config_versions"("kind", "created_at");

-- CreateIndex
CREATE INDEX "signals_created_at_idx" ON "signals"("created_at");

-- CreateIndex
CREATE INDEX "signals_strategy_created_at_idx" ON "signals"("strategy", "created_at");

-- CreateIndex
CREATE INDEX "signals_correlation_id_idx" ON "signals"("correlation_id");

-- CreateIndex
CREATE INDEX "signals_instrument_id_idx" ON "signals"("instrument_id");

-- CreateIndex
CREATE INDEX "signals_config_sha_idx" ON "signals"("config_sha");

-- CreateIndex
CREATE UNIQUE INDEX "decisions_client_plan_id_key" ON "decisions"("client_plan_id");

-- CreateIndex
CREATE INDEX "decisions_signal_id_idx" ON "decisions"("signal_id");

-- CreateIndex
CREATE INDEX "decisions_created_at_idx" ON "decisions"("created_at");

-- CreateIndex
CREATE INDEX "decisions_correlation_id_idx" ON "decisions"("correlation_id");

-- CreateIndex
CREATE INDEX "decisions_config_sha_idx" ON "decisions"("config_sha");

-- CreateIndex
CREATE UNIQUE INDEX "oco_groups_decision_id_key" ON "oco_groups"("decision_id");

-- CreateIndex
CREATE INDEX "oco_groups_state_idx" ON "oco_groups"("state");

-- CreateIndex
CREATE INDEX "oco_groups_instrument_id_idx" ON "oco_groups"("instrument_id");

-- CreateIndex
CREATE INDEX "oco_groups_created_at_idx" ON "oco_groups"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "orders_client_order_id_key" ON "orders"("client_order_id");

-- CreateIndex
CREATE UNIQUE INDEX "orders_broker_order_id_key" ON "orders"("broker_order_id");

-- CreateIndex
CREATE INDEX "orders_status_idx" ON "orders"("status");

-- CreateIndex
CREATE INDEX "orders_parent_group_idx" ON "orders"("parent_group");

-- CreateIndex
CREATE INDEX "orders_created_at_idx" ON "orders"("created_at");

-- CreateIndex
CREATE INDEX "orders_correlation_id_idx" ON "orders"("correlation_id");

-- CreateIndex
CREATE INDEX "orders_decision_id_idx" ON "orders"("decision_id");

-- CreateIndex
CREATE INDEX "orders_instrument_id_idx" ON "orders"("instrument_id");

-- CreateIndex
CREATE INDEX "order_status_history_order_id_at_idx" ON "order_status_history"("order_id", "at");

-- CreateIndex
CREATE INDEX "fills_filled_at_idx" ON "fills"("filled_at");

-- CreateIndex
CREATE UNIQUE INDEX "fills_order_id_trade_id_key" ON "fills"("order_id", "trade_id");

-- CreateIndex
CREATE INDEX "positions_closed_at_idx" ON "positions"("closed_at");

-- CreateIndex
CREATE INDEX "positions_instrument_id_product_closed_at_idx" ON "positions"("instrument_id", "product", "closed_at");

-- CreateIndex
CREATE INDEX "positions_opened_at_idx" ON "positions"("opened_at");

-- CreateIndex
CREATE INDEX "trades_closed_at_idx" ON "trades"("closed_at");

-- CreateIndex
CREATE INDEX "trades_oco_group_id_idx" ON "trades"("oco_group_id");

-- CreateIndex
CREATE INDEX "trades_strategy_closed_at_idx" ON "trades"("strategy", "closed_at");

-- CreateIndex
CREATE INDEX "trades_correlation_id_idx" ON "trades"("correlation_id");

-- CreateIndex
CREATE INDEX "risk_events_resolved_at_created_at_idx" ON "risk_events"("resolved_at", "created_at");

-- CreateIndex
CREATE INDEX "risk_events_created_at_idx" ON "risk_events"("created_at");

-- CreateIndex
CREATE INDEX "risk_events_correlation_id_idx" ON "risk_events"("correlation_id");

-- CreateIndex
CREATE INDEX "risk_events_instrument_id_idx" ON "risk_events"("instrument_id");

-- CreateIndex
CREATE INDEX "risk_events_order_id_idx" ON "risk_events"("order_id");

-- CreateIndex
CREATE INDEX "audit_log_correlation_id_at_idx" ON "audit_log"("correlation_id", "at");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_entity_entity_id_idx" ON "audit_log"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "slippage_samples_strategy_created_at_idx" ON "slippage_samples"("strategy", "created_at");

-- CreateIndex
CREATE INDEX "slippage_samples_instrument_id_created_at_idx" ON "slippage_samples"("instrument_id", "created_at");

-- CreateIndex
CREATE INDEX "slippage_samples_order_id_idx" ON "slippage_samples"("order_id");

-- CreateIndex
CREATE INDEX "reconciliation_runs_started_at_idx" ON "reconciliation_runs"("started_at");

-- CreateIndex
CREATE INDEX "reconciliation_discrepancies_run_id_idx" ON "reconciliation_discrepancies"("run_id");

-- CreateIndex
CREATE INDEX "reconciliation_discrepancies_resolved_created_at_idx" ON "reconciliation_discrepancies"("resolved", "created_at");

-- CreateIndex
CREATE INDEX "reconciliation_discrepancies_order_id_idx" ON "reconciliation_discrepancies"("order_id");

-- CreateIndex
CREATE INDEX "reconciliation_discrepancies_instrument_id_idx" ON "reconciliation_discrepancies"("instrument_id");

-- CreateIndex
CREATE INDEX "alerts_status_created_at_idx" ON "alerts"("status", "created_at");

-- CreateIndex
CREATE INDEX "alerts_created_at_idx" ON "alerts"("created_at");

-- CreateIndex
CREATE INDEX "trading_state_changes_at_idx" ON "trading_state_changes"("at");

-- AddForeignKey
ALTER TABLE "signals" ADD CONSTRAINT "signals_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signals" ADD CONSTRAINT "signals_config_sha_fkey" FOREIGN KEY ("config_sha") REFERENCES "config_versions"("sha") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_signal_id_fkey" FOREIGN KEY ("signal_id") REFERENCES "signals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_config_sha_fkey" FOREIGN KEY ("config_sha") REFERENCES "config_versions"("sha") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oco_groups" ADD CONSTRAINT "oco_groups_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oco_groups" ADD CONSTRAINT "oco_groups_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "decisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_parent_group_fkey" FOREIGN KEY ("parent_group") REFERENCES "oco_groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "decisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_status_history" ADD CONSTRAINT "order_status_history_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fills" ADD CONSTRAINT "fills_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "positions" ADD CONSTRAINT "positions_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trades" ADD CONSTRAINT "trades_oco_group_id_fkey" FOREIGN KEY ("oco_group_id") REFERENCES "oco_groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trades" ADD CONSTRAINT "trades_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_events" ADD CONSTRAINT "risk_events_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_events" ADD CONSTRAINT "risk_events_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slippage_samples" ADD CONSTRAINT "slippage_samples_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slippage_samples" ADD CONSTRAINT "slippage_samples_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconciliation_discrepancies" ADD CONSTRAINT "reconciliation_discrepancies_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reconciliation_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconciliation_discrepancies" ADD CONSTRAINT "reconciliation_discrepancies_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconciliation_discrepancies" ADD CONSTRAINT "reconciliation_discrepancies_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
