# Shared by the benchmark scripts: builds weft-bench, finds java and the classpath, median helper.
# Sourced, not run.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
PY=/usr/bin/python3   # Debian's python3 has aiohttp/asyncpg/uvloop; the first python3 on PATH may not
SERVER_CORE=${SERVER_CORE:-0}
CLIENT_CORE=${CLIENT_CORE:-1}

# Builds weft-bench with the Weft modules it measures; when the working tree of another module does not
# compile at this moment, falls back to the Weft jars last installed in ~/.m2 (and says so).
build_bench() {
  local log
  if [[ "${SKIP_BUILD:-0}" == 1 && -f "$BENCH_DIR/target/classpath.txt" ]]; then
    find_java
    return
  fi
  log=$(mktemp /tmp/weft-bench-build.XXXXXX)
  if (cd "$REPO_DIR" && ./weft mvn -q -pl weft-bench -am install -DskipTests) >"$log" 2>&1; then
    rm -f "$log"
  else
    echo "warning: the reactor does not build now (see $log); measuring the Weft jars installed in ~/.m2" >&2
    (cd "$REPO_DIR" && ./weft mvn -q -pl weft-bench install -DskipTests) >&2
  fi
  (cd "$REPO_DIR" && ./weft mvn -q -pl weft-bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
  find_java
}

# Sets CP, JAVA and JAVA_OPTS for running the harness's main programs.
find_java() {
  CP="$BENCH_DIR/target/classes:$(cat "$BENCH_DIR/target/classpath.txt")"
  # the JDK that ./weft found (its own search), read back from Maven's version banner
  JAVA="$(cd "$REPO_DIR" && ./weft mvn -v | sed -n 's/.*runtime: \(.*\)$/\1/p' | sed 's/\x1b\[[0-9;]*m//g' | head -n1)/bin/java"
  [[ -x "$JAVA" ]] || { echo "cannot find the JDK ./weft uses (got '$JAVA')" >&2; exit 1; }
  JAVA_OPTS=(-Xms512m -Xmx512m --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
}

# median of the numbers given as arguments
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# wait_for_line FILE PATTERN SECONDS PID: waits until FILE has a line matching PATTERN, failing early
# when process PID has ended
wait_for_line() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || break
    sleep 0.1
  done
  echo "no '$2' in $1 (process $4 ended or timed out):" >&2
  cat "$1" >&2
  return 1
}

# ratio A B: A/B with two decimals, or "-" when either is missing
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b }'
}

# start_nginx PORT LOG: starts nginx (one worker) pinned to the server core on 127.0.0.1:PORT in the
# foreground of a background job; sets server_pid and returns once the port accepts.
start_nginx() {
  local prefix i
  prefix=$(mktemp -d /tmp/weft-bench-nginx.XXXXXX)
  sed "s|@PREFIX@|$prefix|g; s|@PORT@|$1|g" "$BENCH_DIR/scripts/nginx.conf.template" >"$prefix/nginx.conf"
  taskset -c "$SERVER_CORE" /usr/sbin/nginx -c "$prefix/nginx.conf" -p "$prefix" >"$2" 2>&1 &
  server_pid=$!
  for ((i = 0; i < 50; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "nginx did not start:" >&2
  cat "$2" "$prefix/error.log" >&2
  return 1
}

# nginx_version: prints the installed nginx's version, or nothing when it is not installed
nginx_version() {
  if [[ -x /usr/sbin/nginx ]]; then
    /usr/sbin/nginx -v 2>&1 | sed 's/.*nginx\///'
  fi
}

# stop_server: stops the server a script started (server_pid) and waits for it; for `trap ... EXIT`.
# A Weft server's shutdown hook stops its embedded PostgreSQL and deletes the data on the way out.
stop_server() {
  if [[ -n "${server_pid:-}" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

HZ=$(getconf CLK_TCK)

# tree_cpu_ticks PID: clock ticks of CPU (user + system) used so far by PID and its children (nginx's worker)
tree_cpu_ticks() {
  local total=0 pid ticks
  for pid in "$1" $(pgrep -P "$1" || true); do
    ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + ticks))
  done
  echo "$total"
}

# run_wrk SERVER-PID LABEL DURATION WRK-ARGS...: runs wrk pinned to the client core with $CONNECTIONS
# connections, keeps its output in $OUT/LABEL.txt and prints "<requests/s> <server CPU µs per request>"
run_wrk() {
  local pid=$1 file="$OUT/$2.txt" before after
  before=$(tree_cpu_ticks "$pid")
  taskset -c "$CLIENT_CORE" wrk -t1 -c"$CONNECTIONS" -d"$3" "${@:4}" >"$file" 2>&1
  after=$(tree_cpu_ticks "$pid")
  if grep -qE 'Non-2xx|Socket errors' "$file"; then
    echo "warning: $2: $(grep -E 'Non-2xx|Socket errors' "$file" | tr -s ' ')" >&2
  fi
  awk -v ticks=$((after - before)) -v hz="$HZ" '
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    END { if (requests > 0) printf "%s %.2f\n", rps, ticks * 1e6 / hz / requests; else print "0 0" }' "$file"
}
