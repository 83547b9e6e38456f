#!/usr/bin/env bash
# HTTP server benchmark (DESIGN.md "Performance design"): each server pinned to core $SERVER_CORE, wrk
# pinned to core $CLIENT_CORE, `wrk -t1 -c64 -d10s` keep-alive against /plaintext and /json, and
# /plaintext pipelined 16 deep; median of $RUNS runs; prints a Markdown table with ratios vs Vert.x.
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
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
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

run_wrk() { # $1 = label, $2 = duration, rest = extra wrk args; prints requests/s
  local file="$OUT/$1.txt"
  taskset -c "$CLIENT_CORE" wrk -t1 -c"$CONNECTIONS" -d"$2" "${@:3}" >"$file" 2>&1
  if grep -qE 'Non-2xx|Socket errors' "$file"; then
    echo "warning: $1: $(grep -E 'Non-2xx|Socket errors' "$file" | tr -s ' ')" >&2
  fi
  awk '/^Requests\/sec:/ { print $2 }' "$file"
}

declare -A result
for server in $HTTP_SERVERS; do
  echo "== $server" >&2
  start_server "$server"
  base="http://127.0.0.1:$PORT"
  # Warm-up: lets the JITs compile the hot paths before anything is recorded.
  run_wrk "$server-warmup-plaintext" "$HTTP_WARMUP" "$base/plaintext" >/dev/null
  run_wrk "$server-warmup-json" "$HTTP_WARMUP" "$base/json" >/dev/null
  for workload in plaintext json pipelined; do
    samples=()
    for ((run = 1; run <= RUNS; run++)); do
      case "$workload" in
        pipelined) rps=$(run_wrk "$server-$workload-$run" "$HTTP_DURATION" -s "$BENCH_DIR/scripts/pipeline.lua" "$base/plaintext" -- "$DEPTH") ;;
        *) rps=$(run_wrk "$server-$workload-$run" "$HTTP_DURATION" "$base/$workload") ;;
      esac
      echo "   $workload run $run: $rps req/s" >&2
      samples+=("${rps:-0}")
    done
    result[$server,$workload]=$(median "${samples[@]}")
  done
  stop_server
done

echo
echo "HTTP server, req/s (median of $RUNS x $HTTP_DURATION, wrk -t1 -c$CONNECTIONS; pipelined: depth $DEPTH), $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $load_before"
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
