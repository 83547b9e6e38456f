#!/usr/bin/env bash
# HTTP server benchmark (DESIGN.md "Performance design"): each server pinned to core $SERVER_CORE, wrk
# pinned to core $CLIENT_CORE, `wrk -t1 -c64 -d10s` keep-alive against /plaintext and /json, and
# /plaintext pipelined 16 deep; median of $RUNS runs; prints Markdown tables with ratios vs Vert.x: the
# throughput, and the server's own CPU time per request (user + system of its process tree, from /proc),
# which other processes on the machine disturb far less than the throughput.
#
#   weft-bench/scripts/http-bench.sh                      # all servers, 3 x 10 s each
#   HTTP_SERVERS="weft vertx" RUNS=1 HTTP_DURATION=3s weft-bench/scripts/http-bench.sh   # a quick look
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

HTTP_SERVERS=${HTTP_SERVERS:-"$([[ -n "$(nginx_version)" ]] && echo nginx) vertx weft jdk aiohttp"}
RUNS=${RUNS:-3}
HTTP_DURATION=${HTTP_DURATION:-10s}
HTTP_WARMUP=${HTTP_WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-64}
DEPTH=${DEPTH:-16}
PORT=${HTTP_PORT:-28080}
OUT="$BENCH_DIR/target/bench-results/http"
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
load_before=$(cut -d" " -f1-3 /proc/loadavg)
build_bench

server_pid=""
trap stop_server EXIT

start_server() { # $1 = server name; output goes to $OUT/$1.server.log
  local log="$OUT/$1.server.log"
  rm -f "$log"   # here, not by the background job's redirection: wait_for_line must not see an old file
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "port $PORT is taken; set HTTP_PORT" >&2; exit 1
  fi
  case "$1" in
    nginx) start_nginx "$PORT" "$log"; return ;;
    aiohttp) taskset -c "$SERVER_CORE" "$PY" "$BENCH_DIR/scripts/aiohttp_hello.py" "$PORT" >"$log" 2>&1 & ;;
    *) taskset -c "$SERVER_CORE" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" dev.weft.bench.http.HelloServerMain "$1" "$PORT" >"$log" 2>&1 & ;;
  esac
  server_pid=$!
  wait_for_line "$log" '^LISTENING' 60 "$server_pid"
}

declare -A result cpu
for server in $HTTP_SERVERS; do
  echo "== $server" >&2
  start_server "$server"
  base="http://127.0.0.1:$PORT"
  # Warm-up: lets the JITs compile the hot paths before anything is recorded.
  run_wrk "$server_pid" "$server-warmup-plaintext" "$HTTP_WARMUP" "$base/plaintext" >/dev/null
  run_wrk "$server_pid" "$server-warmup-json" "$HTTP_WARMUP" "$base/json" >/dev/null
  for workload in plaintext json pipelined; do
    rates=(); cpus=()
    for ((run = 1; run <= RUNS; run++)); do
      case "$workload" in
        pipelined) sample=$(run_wrk "$server_pid" "$server-$workload-$run" "$HTTP_DURATION" -s "$BENCH_DIR/scripts/pipeline.lua" "$base/plaintext" -- "$DEPTH") ;;
        *) sample=$(run_wrk "$server_pid" "$server-$workload-$run" "$HTTP_DURATION" "$base/$workload") ;;
      esac
      read -r rps us <<<"$sample"
      echo "   $workload run $run: $rps req/s, server CPU $us µs/request" >&2
      rates+=("$rps"); cpus+=("$us")
    done
    result[$server,$workload]=$(median "${rates[@]}")
    cpu[$server,$workload]=$(median "${cpus[@]}")
  done
  stop_server
done

echo
echo "HTTP server, requests/s (median of $RUNS x $HTTP_DURATION, wrk -t1 -c$CONNECTIONS; pipelined: depth $DEPTH), $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $load_before"
echo
echo "| server | plaintext | vs Vert.x | JSON | vs Vert.x | plaintext pipelined x$DEPTH | vs Vert.x |"
echo "|---|---|---|---|---|---|---|"
for server in $HTTP_SERVERS; do
  row="| $server"
  for workload in plaintext json pipelined; do
    value=${result[$server,$workload]}
    row+=" | $(printf '%.0f' "$value") | $(ratio "$value" "${result[vertx,$workload]:-}")"
  done
  echo "$row |"
done
echo
echo "Server CPU time per request, µs (user + system of the server's processes during each run; median):"
echo
echo "| server | plaintext | vs Vert.x | JSON | vs Vert.x | plaintext pipelined x$DEPTH | vs Vert.x |"
echo "|---|---|---|---|---|---|---|"
for server in $HTTP_SERVERS; do
  row="| $server"
  for workload in plaintext json pipelined; do
    value=${cpu[$server,$workload]}
    row+=" | $value | $(ratio "$value" "${cpu[vertx,$workload]:-}")"
  done
  echo "$row |"
done
