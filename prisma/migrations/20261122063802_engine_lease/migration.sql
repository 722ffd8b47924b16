-- CreateTable
CREATE TABLE "engine_leases" (
    "account" VARCHAR(64) NOT NULL,
    "holder" VARCHAR(128) NOT NULL,
    "epoch" INTEGER NOT NULL,
    "url" VARCHAR(512),
    "acquired_at" TIMESTAMPTZ(3) NOT NULL,
    "renewed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "engine_leases_pkey" PRIMARY KEY ("account")
);
