# Shared by the benchmark scripts: builds weft-bench, finds java and the classpath, median helper.
# Sourced, not run.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
PY=/usr/bin/python3   # Debian's python3 has aiohttp/asyncpg/uvloop; the first python3 on PATH may not
SERVER_CORE=${SERVER_CORE:-0}
CLIENT_CORE=${CLIENT_CORE:-1}

build_bench() {
  (cd "$REPO_DIR" && ./weft mvn -q -pl weft-bench -am install -DskipTests \
    && ./weft mvn -q -pl weft-bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
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

# wait_for_line FILE PATTERN SECONDS: waits until FILE has a line matching PATTERN
wait_for_line() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1:" >&2
  cat "$1" >&2
  return 1
}

# ratio A B: A/B with two decimals, or "-" when either is missing
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b }'
}
