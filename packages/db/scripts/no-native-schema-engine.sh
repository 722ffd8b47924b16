#!/bin/sh
# Stand-in for Prisma's native schema engine, which `prisma generate` asks for but never runs.
# Migrations use the WebAssembly engine instead: pnpm db:migrate:dev, pnpm db:migrate.
echo "kavach: the native Prisma schema engine is not installed here; use pnpm db:migrate:dev / pnpm db:migrate" >&2
exit 1
