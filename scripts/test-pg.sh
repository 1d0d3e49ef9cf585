#!/usr/bin/env bash
# `npm run test:pg`: the whole test suite against a throwaway PostgreSQL. Each test file creates
# its own database on that server (test/helpers/db.ts) and drops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/pg-test-server.sh start)"
trap 'scripts/pg-test-server.sh stop "$PG_DIR"' EXIT
export PATH="$PG_BIN:$PATH"
TEST_DATABASE_URL="$DATABASE_URL" npx vitest run "$@"
