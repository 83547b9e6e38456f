#!/usr/bin/env bash
# weft-api overhead benchmark: the same /plaintext and /json endpoints as hand-written WebApp handlers
# (`HelloServerMain weft`) and as a weft-api controller (`HelloServerMain weft-api`). Both servers run at
# once, pinned to core $SERVER_CORE (the idle one costs nothing); wrk, pinned to $CLIENT_CORE, measures
# them in interleaved rounds (the order flips every round), so that load from other processes falls on
# both alike. Prints a Markdown table of medians: requests/s, the server's CPU time per request, and the
# median of each round's weft-api / hand-written ratio. Then the same comparison in process, without
# sockets (`ApiOverheadMain`: CPU time of one thread per request, pinned to $SERVER_CORE).
#
#   weft-bench/scripts/api-bench.sh                         # 7 rounds x 5 s per server and workload
#   ROUNDS=3 API_DURATION=3s weft-bench/scripts/api-bench.sh   # a quick look
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROUNDS=${ROUNDS:-7}
API_DURATION=${API_DURATION:-5s}
API_WARMUP=${API_WARMUP:-10s}
INPROCESS_ROUNDS=${INPROCESS_ROUNDS:-9}
INPROCESS_REQUESTS=${INPROCESS_REQUESTS:-2000000}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${API_PORT:-28090}
SERVERS=(weft weft-api)
WORKLOADS=(plaintext json)
OUT="$BENCH_DIR/target/bench-results/api"
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
load_before=$(cut -d" " -f1-3 /proc/loadavg)
build_bench

declare -A pid port
stop_servers() {
  local server
  for server in "${!pid[@]}"; do
    kill "${pid[$server]}" 2>/dev/null || true
    wait "${pid[$server]}" 2>/dev/null || true
    unset "pid[$server]"
  done
}
trap stop_servers EXIT

for i in "${!SERVERS[@]}"; do
  server=${SERVERS[$i]}
  port[$server]=$((PORT + i))
  log="$OUT/$server.server.log"
  rm -f "$log"
  taskset -c "$SERVER_CORE" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" dev.weft.bench.http.HelloServerMain "$server" "${port[$server]}" >"$log" 2>&1 &
  pid[$server]=$!
  wait_for_line "$log" '^LISTENING' 60 "${pid[$server]}"
done

for server in "${SERVERS[@]}"; do
  for workload in "${WORKLOADS[@]}"; do
    run_wrk "${pid[$server]}" "$server-warmup-$workload" "$API_WARMUP" "http://127.0.0.1:${port[$server]}/$workload" >/dev/null
  done
done

declare -A rates cpus ratios
for ((round = 1; round <= ROUNDS; round++)); do
  order=("${SERVERS[@]}")
  ((round % 2 == 0)) && order=("${SERVERS[1]}" "${SERVERS[0]}")
  for workload in "${WORKLOADS[@]}"; do
    declare -A rps=()
    for server in "${order[@]}"; do
      read -r rate us <<<"$(run_wrk "${pid[$server]}" "$server-$workload-$round" "$API_DURATION" "http://127.0.0.1:${port[$server]}/$workload")"
      echo "   round $round $workload $server: $rate req/s, server CPU $us µs/request" >&2
      rates[$server,$workload]+=" $rate"; cpus[$server,$workload]+=" $us"; rps[$server]=$rate
    done
    ratios[$workload]+=" $(ratio "${rps[weft-api]}" "${rps[weft]}")"
  done
done

echo
echo "weft-api overhead, $(date -u '+%Y-%m-%d %H:%M UTC'): medians of $ROUNDS interleaved rounds x $API_DURATION per server and workload (wrk -t1 -c$CONNECTIONS, keep-alive), load average at start: $load_before, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| workload | hand-written req/s | weft-api req/s | weft-api / hand-written (median of rounds) | per-round ratios | hand-written CPU µs/req | weft-api CPU µs/req | CPU ratio |"
echo "|---|---|---|---|---|---|---|---|"
for workload in "${WORKLOADS[@]}"; do
  # shellcheck disable=SC2086 # the lists are space-separated numbers
  hand=$(median ${rates[weft,$workload]}); api=$(median ${rates[weft-api,$workload]})
  # shellcheck disable=SC2086
  hand_cpu=$(median ${cpus[weft,$workload]}); api_cpu=$(median ${cpus[weft-api,$workload]})
  # shellcheck disable=SC2086
  echo "| $workload | $(printf '%.0f' "$hand") | $(printf '%.0f' "$api") | $(median ${ratios[$workload]}) |${ratios[$workload]} | $hand_cpu | $api_cpu | $(ratio "$api_cpu" "$hand_cpu") |"
done

stop_servers
echo
echo "In process (LocalExchange, no socket; one thread's CPU time per request, $INPROCESS_ROUNDS interleaved rounds x $INPROCESS_REQUESTS requests):"
echo
taskset -c "$SERVER_CORE" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" dev.weft.bench.http.ApiOverheadMain "$INPROCESS_ROUNDS" "$INPROCESS_REQUESTS"
