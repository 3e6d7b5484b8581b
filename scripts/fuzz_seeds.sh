#!/usr/bin/env bash
# Build the seed corpora for the cargo-fuzz targets in fuzz/ from the
# project's own corpus/ (nothing is committed: fuzz/corpus is ignored).
#
#   scripts/fuzz_seeds.sh [OUT]      default OUT: fuzz/corpus
#
# One directory per target. The Policy JSON seeds are written by the CLI
# (`policydiff import`); set POLICYDIFF to a built binary to skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-fuzz/corpus}
rm -rf "${out:?}"/{import_text,import_html,import_p3p,compact_policy,diff_pair,policy_json}
mkdir -p "$out"/{import_text,import_html,import_p3p,compact_policy,diff_pair,policy_json}

seed() { # seed DIR NAME < content (numbered: names repeat across corpus/)
    local n
    n=$(find "$1" -type f | wc -l)
    cat > "$1/$(printf '%04d' "$n")-$2"
}

# Text and Markdown: the first byte picks the dialect (even: text, odd: Markdown).
while IFS= read -r -d '' f; do
    case "$f" in
        *.md) pick='1' ;;
        *) pick='0' ;;
    esac
    { printf '%s' "$pick"; cat "$f"; } | seed "$out/import_text" "$(basename "$f")"
done < <(find corpus/versions corpus/pairs corpus/seeds-style corpus/hostile \
    \( -name '*.txt' -o -name '*.md' \) -size -256k -print0 | sort -z)

while IFS= read -r -d '' f; do
    seed "$out/import_html" "$(basename "$f")" < "$f"
done < <(find corpus -name '*.html' -size -256k -print0 | sort -z)

while IFS= read -r -d '' f; do
    seed "$out/import_p3p" "$(basename "$f")" < "$f"
done < <(find corpus -name '*.xml' -print0 | sort -z)

while IFS= read -r line; do
    [ -n "$line" ] && printf '%s' "$line" | seed "$out/compact_policy" cp.txt
done < corpus/p3p/compact-policies.txt

# Diff pairs: old, ASCII record separator (0x1E), new.
for d in corpus/pairs/*/; do
    old=$(find "$d" -maxdepth 1 -name 'old.*' | head -n 1)
    new=$(find "$d" -maxdepth 1 -name 'new.*' | head -n 1)
    [ -n "$old" ] && [ -n "$new" ] || continue
    { cat "$old"; printf '\x1e'; cat "$new"; } | seed "$out/diff_pair" "$(basename "$d").pair"
done
{ cat corpus/p3p/versions/larkspur/2003-01-15.xml; printf '\x1e'; cat corpus/p3p/versions/larkspur/2004-06-01.xml; } \
    | seed "$out/diff_pair" larkspur-p3p.pair

bin=${POLICYDIFF:-}
if [ -z "$bin" ]; then
    cargo build --quiet -p policydiff-cli
    bin=target/debug/policydiff
fi
for f in corpus/pairs/sale-advertising/new.md corpus/pairs/children-13-15/old.md \
    corpus/pairs/new-international-transfer/new.md corpus/p3p/reference.xml \
    corpus/p3p/full-vocabulary.xml corpus/versions/quillpost/2021-02-15.txt; do
    [ -f "$f" ] && "$bin" import "$f" | seed "$out/policy_json" "$(basename "$f").json"
done
head -n 2 corpus/p3p/compact-policies.txt | tail -n 1 | "$bin" import --from p3p-cp - \
    | seed "$out/policy_json" compact.json

for t in "$out"/*/; do
    printf '%-28s %3d seeds\n' "$t" "$(find "$t" -type f | wc -l)"
done
