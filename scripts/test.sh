#!/usr/bin/env bash
# The whole test suite: lint, typecheck, cdk synth, unit tests (parallel), integration tests (emulators).
# Prints one closing line "tests: N passed, N failed" summing both jest runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_NO_WARNINGS=1
mkdir -p test-output

echo "== lint (layer boundaries included)"; npx eslint .
echo "== formatting (prettier, printWidth 200)"; npm run -s format:check
echo "== import cycles"; npx madge --circular --extensions ts --ts-config tsconfig.json lambdas lib local cli
echo "== typecheck"; npx tsc --noEmit -p tsconfig.json
# The real CDK app, bundling and cdk-nag included, exactly as `cdk deploy` would synthesize it.
echo "== cdk synth (offline)"; npx cdk synth --quiet --output "$(mktemp -d)" >/dev/null

status=0
echo "== unit tests"
npx jest -c jest.unit.config.js --json --outputFile=test-output/unit.json "$@" || status=1
echo "== integration tests (DynamoDB Local + moto server)"
npx jest -c jest.integration.config.js --json --outputFile=test-output/integration.json "$@" || status=1

node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of ["test-output/unit.json", "test-output/integration.json"]) {
  if (!fs.existsSync(f)) { failed += 1; continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
'
exit $status
