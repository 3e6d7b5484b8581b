#!/usr/bin/env sh
# Score policydiff on the OPP-115 Majority test split, the seed labels, and
# throughput over ../shared/corpus/versions; write docs/EVALUATION.md.
# Usage: scripts/eval.sh [path/to/shared] [split]
set -eu
cd "$(dirname "$0")/.."
SHARED="${1:-../shared}"
SPLIT="${2:-test}"
mkdir -p docs
cargo run --release -q -p policydiff --example opp115_eval -- \
  --shared "$SHARED" --split "$SPLIT" --out docs/EVALUATION.md
echo "wrote docs/EVALUATION.md"
