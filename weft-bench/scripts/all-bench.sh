#!/usr/bin/env bash
# Runs the three side-by-side benchmarks (HTTP server, PostgreSQL client, HTTP client) one after the
# other and writes the machine's description and every table to weft-bench/target/bench-results/all.md,
# the raw material of docs/benchmarks.md. Takes about 15 minutes; stop other work on the machine first.
#
#   weft-bench/scripts/all-bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

OUT="$BENCH_DIR/target/bench-results"
mkdir -p "$OUT"
REPORT="$OUT/all.md"
build_bench
export SKIP_BUILD=1   # the three scripts reuse this build

{
  echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- commit: $(cd "$REPO_DIR" && git rev-parse --short HEAD)$(cd "$REPO_DIR" && git diff --quiet HEAD -- . 2>/dev/null || echo ' plus uncommitted changes')"
  echo "- JDK: $("$JAVA" -version 2>&1 | head -n1)"
  echo "- Python: $("$PY" --version 2>&1), aiohttp $("$PY" -c 'import aiohttp; print(aiohttp.__version__)'), asyncpg $("$PY" -c 'import asyncpg; print(asyncpg.__version__)' 2>/dev/null || echo missing), uvloop $("$PY" -c 'import uvloop; print(uvloop.__version__)' 2>/dev/null || echo missing)"
  echo "- wrk: $(wrk -v 2>&1 | head -n1)"
  echo
} >"$REPORT"

for bench in http-bench.sh pg-bench.sh client-bench.sh; do
  echo "== $bench" >&2
  "$BENCH_DIR/scripts/$bench" >>"$REPORT"
  echo "- load average after $bench: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$REPORT"
done
cat "$REPORT"
