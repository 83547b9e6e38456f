#!/usr/bin/env bash
# Overhead of the request metrics middleware: the same hello route (GET /plaintext) served without
# (`plain`) and with (`metrics`) WeftMetrics.mountOn, both servers running at once pinned to core
# $SERVER_CORE, wrk pinned to $CLIENT_CORE measuring them in interleaved rounds (the order flips every
# round). Prints a Markdown table of medians: requests/s and the server's CPU time per request.
# Builds without installing anything (the reactor's classes are used in place).
#
#   weft-metrics/bench/overhead.sh                        # 7 rounds x 5 s per server
#   ROUNDS=3 DURATION=3s weft-metrics/bench/overhead.sh   # a quick look
source "$(dirname "${BASH_SOURCE[0]}")/../../weft-bench/scripts/common.sh"

MODULE_DIR=$REPO_DIR/weft-metrics
ROUNDS=${ROUNDS:-7}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${OVERHEAD_PORT:-28190}
SERVERS=(plain metrics)
OUT="$MODULE_DIR/target/bench-results"
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
load_before=$(cut -d" " -f1-3 /proc/loadavg)
(cd "$REPO_DIR" && ./weft mvn -q -o -pl weft-metrics -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test) >&2
CP="$MODULE_DIR/target/test-classes:$MODULE_DIR/target/classes:$(cat "$MODULE_DIR/target/classpath.txt")"
JAVA="$(cd "$REPO_DIR" && ./weft mvn -v | sed -n 's/.*runtime: \(.*\)$/\1/p' | sed 's/\x1b\[[0-9;]*m//g' | head -n1)/bin/java"
JAVA_OPTS=(-Xms512m -Xmx512m)

# start NAME PORT: one server, pinned to the server core; sets pid[NAME] once it listens
declare -A pid port
start() {
  port[$1]=$2
  taskset -c "$SERVER_CORE" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" dev.weft.metrics.OverheadServerMain "$1" "$2" \
    >"$OUT/$1.server.log" 2>&1 &
  pid[$1]=$!
  wait_for_line "$OUT/$1.server.log" '^LISTENING' 60 "${pid[$1]}"
}
stop_all() {
  kill "${pid[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all EXIT
start plain "$PORT"
start metrics $((PORT + 1))

for server in "${SERVERS[@]}"; do
  run_wrk "${pid[$server]}" "$server-warmup" "$WARMUP" "http://127.0.0.1:${port[$server]}/plaintext" >/dev/null
done

declare -A rates cpus
ratios=""
for ((round = 1; round <= ROUNDS; round++)); do
  order=("${SERVERS[@]}")
  ((round % 2 == 0)) && order=("${SERVERS[1]}" "${SERVERS[0]}")
  declare -A rps=()
  for server in "${order[@]}"; do
    read -r rate us <<<"$(run_wrk "${pid[$server]}" "$server-$round" "$DURATION" "http://127.0.0.1:${port[$server]}/plaintext")"
    echo "   round $round $server: $rate req/s, server CPU $us µs/request" >&2
    rates[$server]+=" $rate"; cpus[$server]+=" $us"; rps[$server]=$rate
  done
  ratios+=" $(ratio "${rps[metrics]}" "${rps[plain]}")"
done

scraped=$(curl -s "http://127.0.0.1:${port[metrics]}/metrics" | grep -c '^http_server_requests_seconds_count{method="GET",route="/plaintext"' || true)
echo
echo "metrics middleware overhead, $(date -u '+%Y-%m-%d %H:%M UTC'): medians of $ROUNDS interleaved rounds x $DURATION per server (wrk -t1 -c$CONNECTIONS, keep-alive, server on core $SERVER_CORE, wrk on core $CLIENT_CORE), load average at start: $load_before, at end: $(cut -d' ' -f1-3 /proc/loadavg); /plaintext series in the scrape: $scraped"
echo
echo "| server | req/s | server CPU µs/req |"
echo "|---|---|---|"
for server in "${SERVERS[@]}"; do
  # shellcheck disable=SC2086 # the lists are space-separated numbers
  echo "| $server | $(median ${rates[$server]}) | $(median ${cpus[$server]}) |"
done
# shellcheck disable=SC2086
echo
echo "metrics / plain req/s, median of the rounds' ratios: $(median $ratios) (rounds:$ratios)"

# The same difference without sockets, on one thread's CPU clock (steadier on a busy machine).
stop_all
taskset -c "$SERVER_CORE" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" dev.weft.metrics.OverheadInProcessMain \
  "${INPROCESS_ROUNDS:-9}" "${INPROCESS_REQUESTS:-1000000}"
