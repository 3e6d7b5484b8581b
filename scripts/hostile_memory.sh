#!/usr/bin/env bash
# Peak memory of the CLI on the hostile inputs that attack memory: the
# billion-laughs and external-entity XML, XML nested 10,000 and 100,000
# deep, 10,000 nested HTML divs (refused by the depth limit, and imported
# with it raised), and a 50 MB single line (refused by the
# size limit before it is read). Each must stay under LIMIT_MB (default 50)
# of peak resident memory, measured with GNU time (`/usr/bin/time -v`).
#
#   scripts/hostile_memory.sh [BIN]     default BIN: target/debug/policydiff
#
# Exit 0: all under the limit; 1: one over, or a wrong exit code;
# 77: skipped (no GNU time and it cannot be installed, or no binary).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/policydiff}
limit_mb=${LIMIT_MB:-50}

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
        echo "installing GNU time (Debian package \`time\`) for /usr/bin/time -v"
        (apt-get install -y -qq time > /dev/null 2>&1 ||
            { apt-get update -qq > /dev/null 2>&1 && apt-get install -y -qq time > /dev/null 2>&1; }) || true
    fi
    if [ ! -x /usr/bin/time ]; then
        echo "SKIP: /usr/bin/time (GNU time, Debian package \`time\`) is not installed and could not be installed"
        exit 77
    fi
fi
if [ ! -x "$bin" ]; then
    echo "SKIP: $bin is not built (cargo build -p policydiff-cli)"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import sys, pathlib
d = pathlib.Path(sys.argv[1])
for n in (10_000, 100_000):
    (d / f"deep-{n}.xml").write_text(
        '<?xml version="1.0"?>\n<POLICIES xmlns="http://www.w3.org/2002/01/P3Pv1">\n'
        + "<a>" * n + "</a>" * n + "\n</POLICIES>\n")
(d / "single-line-50mb.txt").write_bytes(b"We collect data " * (50 * 1024 * 1024 // 16))
PY

fail=0
# name  file  expected exit code  [extra CLI options]
check() {
    local name=$1 file=$2 want=$3 rc=0
    shift 3
    /usr/bin/time -v -o "$tmp/time.txt" "$bin" import "$@" "$file" > /dev/null 2> "$tmp/err.txt" || rc=$?
    local kb
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
    local mb=$(( (kb + 1023) / 1024 ))
    local status=ok
    if [ "$rc" != "$want" ]; then
        status="FAIL: exit $rc, expected $want: $(head -c 300 "$tmp/err.txt")"
        fail=1
    elif [ "$kb" -ge $((limit_mb * 1024)) ]; then
        status="FAIL: over ${limit_mb} MB"
        fail=1
    fi
    printf '%-26s peak %6d KiB (%3d MB)  exit %s  %s\n' "$name" "$kb" "$mb" "$rc" "$status"
}
check billion-laughs.xml corpus/hostile/billion-laughs.xml 2
check external-entity.xml corpus/hostile/external-entity.xml 2
check deep-10000.xml "$tmp/deep-10000.xml" 2
check deep-100000.xml "$tmp/deep-100000.xml" 2
check deep-divs-scripts.html corpus/hostile/deep-divs-scripts.html 2
check "deep-divs (--max-depth)" corpus/hostile/deep-divs-scripts.html 0 --max-depth 20000
check single-line-50mb.txt "$tmp/single-line-50mb.txt" 2
exit $fail
