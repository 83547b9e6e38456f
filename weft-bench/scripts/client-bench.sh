#!/usr/bin/env bash
# HTTP client benchmark (DESIGN.md "Performance design"): $CLIENT_TOTAL GETs of /plaintext with $CLIENT_CONCURRENCY in
# flight, against nginx (one worker) pinned to core $SERVER_CORE, or the Weft server when nginx is not
# installed; each client pinned to core $CLIENT_CORE, after a warm-up batch; median of $RUNS runs.
# Prints a Markdown table with requests/s, client CPU per request and ratios vs the JDK client.
#
#   weft-bench/scripts/client-bench.sh
#   HTTP_CLIENTS="weft jdk" RUNS=1 CLIENT_TOTAL=5000 weft-bench/scripts/client-bench.sh   # a quick look
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

HTTP_CLIENTS=${HTTP_CLIENTS:-"jdk weft aiohttp"}
RUNS=${RUNS:-3}
CLIENT_TOTAL=${CLIENT_TOTAL:-20000}
CLIENT_WARMUP=${CLIENT_WARMUP:-20000}
CLIENT_CONCURRENCY=${CLIENT_CONCURRENCY:-64}
PORT=${CLIENT_BENCH_PORT:-28081}
OUT="$BENCH_DIR/target/bench-results/client"
mkdir -p "$OUT"

load_before=$(cut -d" " -f1-3 /proc/loadavg)
build_bench

server_pid=""
trap stop_server EXIT

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "port $PORT is taken; set CLIENT_BENCH_PORT" >&2; exit 1
fi
if [[ -n "$(nginx_version)" ]]; then
  target="nginx $(nginx_version)"
  start_nginx "$PORT" "$OUT/server.log"
else
  target="the Weft server (nginx is not installed)"
  rm -f "$OUT/server.log"   # here, not by the background job's redirection: wait_for_line must not see an old file
  taskset -c "$SERVER_CORE" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" dev.weft.bench.http.HelloServerMain weft "$PORT" >"$OUT/server.log" 2>&1 &
  server_pid=$!
  wait_for_line "$OUT/server.log" '^LISTENING' 60 "$server_pid"
fi
URL="http://127.0.0.1:$PORT/plaintext"

declare -A rate cpu
for client in $HTTP_CLIENTS; do
  rates=(); cpus=()
  for ((run = 1; run <= RUNS; run++)); do
    file="$OUT/$client-$run.txt"
    case "$client" in
      aiohttp) taskset -c "$CLIENT_CORE" "$PY" "$BENCH_DIR/scripts/aiohttp_client.py" "$URL" "$CLIENT_TOTAL" "$CLIENT_CONCURRENCY" "$CLIENT_WARMUP" >"$file" 2>&1 || true ;;
      *) taskset -c "$CLIENT_CORE" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" dev.weft.bench.client.HttpClientBenchMain "$client" "$URL" \
           "$CLIENT_TOTAL" "$CLIENT_CONCURRENCY" "$CLIENT_WARMUP" >"$file" 2>&1 || true ;;
    esac
    line=$(grep '^RESULT ' "$file" || true)
    if [[ -z "$line" ]]; then
      echo "$client run $run failed:" >&2; tail -n 20 "$file" >&2
      continue
    fi
    echo "   $line" >&2
    rates+=("$(sed -n 's/.* per_s=\([0-9.]*\).*/\1/p' <<<"$line")")
    cpus+=("$(sed -n 's/.* cpu_ns_per_op=\([0-9.]*\).*/\1/p' <<<"$line")")
  done
  if ((${#rates[@]} > 0)); then
    rate[$client]=$(median "${rates[@]}")
    cpu[$client]=$(median "${cpus[@]}")
  fi
done

echo
echo "HTTP client, $CLIENT_TOTAL GETs with $CLIENT_CONCURRENCY in flight against $target (core $SERVER_CORE; clients on core $CLIENT_CORE), after $CLIENT_WARMUP warm-up GETs, median of $RUNS, $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $load_before"
echo
echo "| client | req/s | vs JDK | client CPU µs/request | vs JDK |"
echo "|---|---|---|---|---|"
for client in $HTTP_CLIENTS; do
  r=${rate[$client]:-}
  [[ -n "$r" ]] || { echo "| $client | failed | | | |"; continue; }
  c=${cpu[$client]}
  echo "| $client | $(printf '%.0f' "$r") | $(ratio "$r" "${rate[jdk]:-}") | $(awk -v c="$c" 'BEGIN { printf "%.1f", c / 1000 }') | $(ratio "$c" "${cpu[jdk]:-}") |"
done
