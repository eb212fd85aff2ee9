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
synth_dir=$(mktemp -d)
echo "== cdk synth (offline)"; npx cdk synth --quiet --output "$synth_dir" >/dev/null
# cfn-lint (pinned in local/requirements.txt) on every synthesized template: errors fail the run;
# warnings are printed (exit bit 4) but pass. Exit bits: 1 = cfn-lint failed, 2 = errors.
echo "== cfn-lint (every synthesized template)"
lint_status=0
.venv/bin/cfn-lint --format parseable -- "$synth_dir"/*.template.json > test-output/cfn-lint.txt || lint_status=$?
templates=$(ls "$synth_dir"/*.template.json | wc -l)
errors=$(grep -c ':E[0-9]' test-output/cfn-lint.txt || true)
warnings=$(grep -c ':W[0-9]' test-output/cfn-lint.txt || true)
echo "cfn-lint: $templates templates, $errors errors, $warnings warnings (test-output/cfn-lint.txt)"
if (( lint_status & 3 )); then cat test-output/cfn-lint.txt; exit 1; fi
rm -rf "$synth_dir"

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
