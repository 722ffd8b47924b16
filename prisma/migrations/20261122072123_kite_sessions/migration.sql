-- CreateTable
CREATE TABLE "kite_sessions" (
    "account" VARCHAR(64) NOT NULL,
    "user_id" VARCHAR(32) NOT NULL,
    "access_token_sealed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "kite_sessions_pkey" PRIMARY KEY ("account")
);
