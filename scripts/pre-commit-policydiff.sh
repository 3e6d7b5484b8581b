#!/usr/bin/env bash
# pre-commit hook (see .pre-commit-hooks.yaml): for each policy file given,
# compare its last committed version with the staged one using
# `policydiff check`, and fail when a change reaches the threshold.
#
#   pre-commit-policydiff.sh [--fail-on consent|notice|any] [--profile P]
#                            [--rev REV] [--format text|markdown|json] FILE...
#
# Exit status: 0 all below the threshold (or nothing to compare), 1 at least
# one file at or above it, 2 an error. The policydiff binary is $POLICYDIFF,
# else `policydiff` on PATH, else built once from this repository with cargo.
set -uo pipefail

fail_on=consent profile=default rev=HEAD format=text
files=()
while [ $# -gt 0 ]; do
    case "$1" in
        --fail-on) fail_on=${2:?--fail-on needs a value}; shift 2 ;;
        --fail-on=*) fail_on=${1#*=}; shift ;;
        --profile) profile=${2:?--profile needs a value}; shift 2 ;;
        --profile=*) profile=${1#*=}; shift ;;
        --rev) rev=${2:?--rev needs a value}; shift 2 ;;
        --rev=*) rev=${1#*=}; shift ;;
        --format) format=${2:?--format needs a value}; shift 2 ;;
        --format=*) format=${1#*=}; shift ;;
        --) shift; files+=("$@"); break ;;
        -*) echo "policydiff hook: unknown option $1" >&2; exit 2 ;;
        *) files+=("$1"); shift ;;
    esac
done

bin=${POLICYDIFF:-}
if [ -z "$bin" ]; then
    if command -v policydiff >/dev/null 2>&1; then
        bin=policydiff
    else
        here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
        bin="$here/target/release/policydiff"
        if [ ! -x "$bin" ]; then
            echo "policydiff hook: building policydiff (once)" >&2
            cargo build --release --locked --quiet -p policydiff-cli --manifest-path "$here/Cargo.toml" >&2 || exit 2
        fi
    fi
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0
for f in "${files[@]}"; do
    name=$(basename -- "$f")
    # Keep the file name (and so its extension) for format detection.
    mkdir -p "$tmp/old" "$tmp/new"
    if ! git cat-file -e "$rev:$f" 2>/dev/null; then
        echo "policydiff hook: $f: not in $rev (a new file): nothing to compare" >&2
        continue
    fi
    git show "$rev:$f" > "$tmp/old/$name" || { status=2; continue; }
    # The staged content (pre-commit stashes unstaged edits, but be exact).
    if git cat-file -e ":$f" 2>/dev/null; then
        git show ":$f" > "$tmp/new/$name" || { status=2; continue; }
    elif [ -f "$f" ]; then
        cp -- "$f" "$tmp/new/$name"
    else
        echo "policydiff hook: $f: deleted: nothing to compare" >&2
        continue
    fi
    echo "policydiff hook: $f ($rev → staged)" >&2
    "$bin" check "$tmp/old/$name" "$tmp/new/$name" --fail-on "$fail_on" --profile "$profile" --format "$format"
    rc=$?
    if [ "$rc" -gt "$status" ]; then status=$rc; fi
done
exit "$status"
