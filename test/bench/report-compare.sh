#!/usr/bin/env bash
# Compare the report parsers of this tree with those of another commit (report-compare.ts):
#   bash test/bench/report-compare.sh <commit> [--sizes 1,20,100 --runs 9]
set -euo pipefail
cd "$(dirname "$0")/../.."
base="${1:?usage: bash test/bench/report-compare.sh <commit> [--sizes 1,20,100 --runs 9]}"
shift
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
git archive "$base" shared/src | tar -x -C "$dir"
# The other commit's sources import packages from this tree's node_modules.
NODE_PATH="$PWD/node_modules" npx esbuild test/bench/report-compare.ts --bundle --platform=node --format=esm \
  --main-fields=module,main --log-level=warning "--alias:@base/shared=$dir/shared/src/index.ts" \
  --outfile=test/dist/bench-compare.mjs
node --expose-gc test/dist/bench-compare.mjs "$@"
