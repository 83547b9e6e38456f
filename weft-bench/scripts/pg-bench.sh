#!/usr/bin/env bash
# PostgreSQL client benchmark (DESIGN.md "Performance design"): an embedded PostgreSQL pinned to core
# $SERVER_CORE, each client pinned to core $CLIENT_CORE, $PG_WORKERS concurrent workers for $PG_SECONDS s after
# a warm-up, the point query on the 10,000-row world table and the 1,000-row mixed-type result.
# Prints Markdown tables with throughput, client CPU per operation and ratios vs $PG_BASELINE (default:
# pgjdbc on platform threads).
#
#   weft-bench/scripts/pg-bench.sh
#   PG_CLIENTS="weft-shared pgjdbc" PG_SECONDS=3 PG_WARMUP=1 weft-bench/scripts/pg-bench.sh   # a quick look
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PG_CLIENTS=${PG_CLIENTS:-"pgjdbc-threads pgjdbc asyncpg vertx-pool vertx-pool-pipelined weft-conn weft-shared weft-pool weft-pool-pipelined"}
BASELINE=${PG_BASELINE:-pgjdbc-threads}   # the ratios' denominator
PG_WORKLOADS=${PG_WORKLOADS:-"point rows"}
PG_SECONDS=${PG_SECONDS:-10}
PG_WARMUP=${PG_WARMUP:-5}
PG_WORKERS=${PG_WORKERS:-10}
OUT="$BENCH_DIR/target/bench-results/pg"
mkdir -p "$OUT"

load_before=$(cut -d" " -f1-3 /proc/loadavg)
build_bench
# vertx-pg-client needs vertx-core 5.0 (see weft-bench/pom.xml): its own classpath, same classes
(cd "$REPO_DIR" && ./weft mvn -q -pl weft-bench -Pvertx-5.0 dependency:build-classpath \
  -Dmdep.outputFile=target/classpath-vertx-5.0.txt) >&2
CP_VERTX_PG="$BENCH_DIR/target/classes:$(cat "$BENCH_DIR/target/classpath-vertx-5.0.txt")"

server_pid=""
trap stop_server EXIT

rm -f "$OUT/server.log"   # here, not by the background job's redirection: wait_for_line must not see an old file
taskset -c "$SERVER_CORE" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" dev.weft.bench.pg.PgServerMain >"$OUT/server.log" 2>&1 &
server_pid=$!
wait_for_line "$OUT/server.log" '^URI ' 180 "$server_pid"
URI=$(sed -n 's/^URI //p' "$OUT/server.log")
SERVER=$(sed -n 's/^SERVER \(PostgreSQL [^ ]*\).*/\1/p' "$OUT/server.log")

declare -A rate cpu
for workload in $PG_WORKLOADS; do
  for client in $PG_CLIENTS; do
    file="$OUT/$client-$workload.txt"
    case "$client" in
      asyncpg) taskset -c "$CLIENT_CORE" "$PY" "$BENCH_DIR/scripts/asyncpg_bench.py" "$workload" "$URI" \
                 "$PG_SECONDS" "$PG_WORKERS" "$PG_WARMUP" >"$file" 2>&1 || true ;;
      vertx-*) taskset -c "$CLIENT_CORE" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP_VERTX_PG" dev.weft.bench.pg.PgBenchMain "$client" "$workload" \
           "$URI" "$PG_SECONDS" "$PG_WORKERS" "$PG_WARMUP" >"$file" 2>&1 || true ;;
      *) taskset -c "$CLIENT_CORE" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" dev.weft.bench.pg.PgBenchMain "$client" "$workload" \
           "$URI" "$PG_SECONDS" "$PG_WORKERS" "$PG_WARMUP" >"$file" 2>&1 || true ;;
    esac
    line=$(grep '^RESULT ' "$file" || true)
    if [[ -z "$line" ]]; then
      echo "$client $workload failed:" >&2; tail -n 20 "$file" >&2
      continue
    fi
    echo "   $line" >&2
    rate[$client,$workload]=$(sed -n 's/.* per_s=\([0-9.]*\).*/\1/p' <<<"$line")
    cpu[$client,$workload]=$(sed -n 's/.* cpu_ns_per_op=\([0-9.]*\).*/\1/p' <<<"$line")
  done
done

echo
echo "PostgreSQL ($SERVER, embedded, core $SERVER_CORE; clients on core $CLIENT_CORE), $PG_WORKERS workers, ${PG_SECONDS} s after ${PG_WARMUP} s warm-up, $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $load_before"
for workload in $PG_WORKLOADS; do
  echo
  if [[ $workload == point ]]; then
    echo "Point query \`SELECT id, randomnumber FROM world WHERE id = \$1\`:"
    echo
    echo "| client | queries/s | vs $BASELINE | client CPU µs/query | vs $BASELINE |"
    scale=1000
  else
    echo "1,000-row mixed-type result (int, bigint, float8, text, bool, timestamptz, numeric, uuid):"
    echo
    echo "| client | rows/s | vs $BASELINE | client CPU ns/row | vs $BASELINE |"
    scale=1
  fi
  echo "|---|---|---|---|---|"
  for client in $PG_CLIENTS; do
    r=${rate[$client,$workload]:-}
    c=${cpu[$client,$workload]:-}
    [[ -n "$r" ]] || { echo "| $client | failed | | | |"; continue; }
    echo "| $client | $(printf '%.0f' "$r") | $(ratio "$r" "${rate[$BASELINE,$workload]:-}") | $(awk -v c="$c" -v s="$scale" 'BEGIN { printf "%.1f", c / s }') | $(ratio "$c" "${cpu[$BASELINE,$workload]:-}") |"
  done
done
