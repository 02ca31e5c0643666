#!/usr/bin/env bash
# `npm test`: type-check, lint, then every vitest project (unit, integration, e2e) in one run.
# The e2e tests drive the built renderer in Debian's Chromium, so the renderer is built first.
# Prints one closing line "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
step() { echo; echo "== $*"; }

step "fixtures"
bash scripts/fetch-debian-fixtures.sh || echo "fixtures: Debian fixture packages unavailable; tests that need them will say so and skip"
step "typecheck"
npm run -s typecheck || status=1
step "lint"
npm run -s lint || status=1
step "build renderer"
npx vite build --config renderer/vite.config.ts --logLevel warn || status=1
step "vitest (unit, integration, e2e)"
mkdir -p test-results
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
vitest_status=$?
[ $vitest_status -eq 0 ] || status=1
node -e '
const fs = require("fs");
let r;
try { r = JSON.parse(fs.readFileSync("test-results/vitest.json", "utf8")); } catch { console.log("tests: 0 passed, 1 failed"); process.exit(0); }
const skipped = r.numPendingTests + (r.numTodoTests || 0);
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
'
exit $status
