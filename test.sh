#!/usr/bin/env bash
# Installs what the tests need (Debian packages) and runs every test:
#   1. unit, stress and scenario tests (ctest) in a normal build, which also builds mdld;
#   2. client tests against a live mdld: mariadb CLI, PyMySQL, SQLAlchemy, sysbench, crash
#      safety, protocol edge cases, the HTTP endpoint and its page in headless
#      Chromium; the wait-graph page's JavaScript (node --test); the multi-session scenarios against mdld and against
#      MariaDB 10.11 (the oracle);
#   3. the unit tests again under ThreadSanitizer and under AddressSanitizer+UBSan;
#   4. each libFuzzer target for a bounded time (FUZZ_SECONDS, default 30).
# Usage: ./test.sh [all|quick]   (quick: steps 1 and 2 only)
# Ends with the line "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
MODE=${1:-all}
JOBS=$(nproc)
FUZZ_SECONDS=${FUZZ_SECONDS:-30}

need=()
for pkg in cmake ninja-build g++ clang libclang-rt-14-dev libgtest-dev libgmock-dev libbenchmark-dev \
           mariadb-client mariadb-server sysbench python3-pymysql python3-sqlalchemy nodejs chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}" || {
    echo "could not install: ${need[*]}"; exit 1; }
fi

passed=0
failed=0
failures=()

# Adds the counts from a ctest log ("NN% tests passed, F tests failed out of T").
count_ctest() {  # name logfile rc
  local line t f
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$2" | tail -1)
  if [ -z "$line" ]; then
    failed=$((failed + 1)); failures+=("$1 (no ctest summary, rc=$3)"); return
  fi
  f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  t=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + t - f)); failed=$((failed + f))
  [ "$f" -ne 0 ] && failures+=("$1: $f ctest failures")
  [ "$f" -eq 0 ] && [ "$3" -ne 0 ] && { failed=$((failed + 1)); failures+=("$1 (ctest rc=$3)"); }
  return 0
}

# Adds the counts from a script that ends with "name: N passed, N failed".
count_script() {  # name logfile rc
  local line p f
  line=$(grep -oE '(^|[^0-9])[0-9]+ passed, [0-9]+ failed' "$2" | tail -1)
  if [ -z "$line" ]; then
    failed=$((failed + 1)); failures+=("$1 (no summary, rc=$3)"); return
  fi
  p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')
  f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')
  passed=$((passed + p)); failed=$((failed + f))
  [ "$f" -ne 0 ] && failures+=("$1: $f failures")
  [ "$f" -eq 0 ] && [ "$3" -ne 0 ] && { failed=$((failed + 1)); failures+=("$1 (rc=$3)"); }
  return 0
}

build() {  # dir [cmake args...]
  local dir=$1; shift
  cmake -S "$ROOT" -B "$dir" -G Ninja "$@" >"$dir.configure.log" 2>&1 &&
    cmake --build "$dir" -j"$JOBS" >"$dir.build.log" 2>&1
}

run_ctest() {  # name dir [ctest args...]
  local name=$1 dir=$2; shift 2
  local log="$dir.ctest.log"
  echo "== $name: ctest"
  (cd "$dir" && ctest --output-on-failure --timeout 600 -j"$JOBS" "$@") >"$log" 2>&1
  local rc=$?
  grep -E 'tests passed|\*\*\*Failed|Timeout|Not Run' "$log" | tail -20
  count_ctest "$name" "$log" $rc
}

mkdir -p "$ROOT/build-logs"

echo "== build (RelWithDebInfo)"
# Build flags: optimised, without full debug info (line tables only), to keep the 2-core CI
# machine's build time down; sanitizer builds use -O1, as the sanitizers recommend.
if build "$ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"; then
  run_ctest unit "$ROOT/build"
else
  tail -40 "$ROOT/build.build.log" "$ROOT/build.configure.log" 2>/dev/null
  failed=$((failed + 1)); failures+=("build")
fi

MDLD_BIN=""
for candidate in "$ROOT/build/tools/mdld" "$ROOT/build/tools/mdld/mdld"; do
  [ -f "$candidate" ] && [ -x "$candidate" ] && MDLD_BIN=$candidate && break
done
if [ -n "$MDLD_BIN" ]; then
  export MDLD="$MDLD_BIN"
  for t in cli pymysql sqlalchemy sysbench crash disk_full load soak shutdown security protocol_edge idle_timeout low_priority_ddl http http_browser; do
    script="$ROOT/tests/clients/${t}_test.py"
    [ -f "$script" ] || continue
    echo "== clients: $t"
    log="$ROOT/build-logs/client-$t.log"
    (cd "$ROOT/tests/clients" && timeout 600 /usr/bin/python3 "$script") >"$log" 2>&1
    rc=$?
    grep -E 'FAIL|passed, ' "$log" | tail -15
    count_script "client $t" "$log" $rc
  done
  # The wait-graph page's JavaScript (src/server/http/page/) under Node's built-in test runner.
  if command -v node >/dev/null 2>&1; then
    echo "== page: node --test"
    log="$ROOT/build-logs/page-node.log"
    (cd "$ROOT" && timeout 120 node --test tests/unit/http/page/) >"$log" 2>&1
    rc=$?
    grep -E '^not ok|^# (pass|fail)' "$log"
    p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log"); f=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    if [ -z "$p" ] || { [ "${f:-0}" -eq 0 ] && [ $rc -ne 0 ]; }; then
      failed=$((failed + 1)); failures+=("page node tests (rc=$rc, see $log)")
    elif [ "${f:-0}" -ne 0 ]; then
      failures+=("page node tests: $f failures")
    fi
  else
    failed=$((failed + 1)); failures+=("node missing: page tests not run")
  fi
  # Multi-session scenarios (tests/scenarios/*.test) against mdld, then against MariaDB 10.11, the
  # reference oracle: both must produce the checked-in MySQL 8.0 transcript.
  scen=$(ls "$ROOT"/tests/scenarios/*.test 2>/dev/null)
  if [ -n "$scen" ]; then
    echo "== scenarios: mdld"
    log="$ROOT/build-logs/scenarios-mdld.log"
    (cd "$ROOT/tests/scenarios" && timeout 900 /usr/bin/python3 run_against_mdld.py $scen) >"$log" 2>&1
    rc=$?; grep -E '^  FAIL|^[-+][^-+]|passed, ' "$log" | head -60; count_script "scenarios mdld" "$log" $rc
    if dpkg -s mariadb-server >/dev/null 2>&1; then
      echo "== scenarios: MariaDB oracle"
      log="$ROOT/build-logs/scenarios-mariadb.log"
      port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
      if mdir=$("$ROOT/tests/scenarios/start_mariadb.sh" "$port" 2>/dev/null | tail -1); then
        (cd "$ROOT/tests/scenarios" && timeout 900 /usr/bin/python3 scenario_runner.py --port "$port" \
           --server mariadb $scen) >"$log" 2>&1
        rc=$?; grep -E '^  FAIL|^[-+][^-+]|passed, ' "$log" | head -60; count_script "scenarios mariadb" "$log" $rc
        kill "$(cat "$mdir/mariadbd.pid")" 2>/dev/null
      else
        failed=$((failed + 1)); failures+=("MariaDB oracle did not start")
      fi
    fi
  fi
else
  failed=$((failed + 1)); failures+=("mdld binary missing: client tests not run")
fi

if [ "$MODE" = all ]; then
  echo "== build (ThreadSanitizer)"
  # The 10-million-key memory test runs at full size in the normal build; sanitizers check it
  # on fewer keys (their shadow memory and quarantine make RSS meaningless anyway).
  export MDL_MEMORY_TEST_KEYS=200000
  if build "$ROOT/build-tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
       -DMDL_SANITIZE=thread -DMDL_BENCH=OFF; then
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" run_ctest tsan "$ROOT/build-tsan"
  else
    tail -40 "$ROOT/build-tsan.build.log"; failed=$((failed + 1)); failures+=("tsan build")
  fi
  echo "== build (AddressSanitizer + UBSan)"
  if build "$ROOT/build-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
       -DMDL_SANITIZE=address,undefined -DMDL_BENCH=OFF; then
    ASAN_OPTIONS="detect_leaks=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" run_ctest asan "$ROOT/build-asan"
  else
    tail -40 "$ROOT/build-asan.build.log"; failed=$((failed + 1)); failures+=("asan build")
  fi
  echo "== build (libFuzzer, clang)"
  # Only the fuzz targets are built here: the unit tests already ran under both sanitizers.
  if cmake -S "$ROOT" -B "$ROOT/build-fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
       -DCMAKE_C_COMPILER=clang -DMDL_FUZZ=ON -DMDL_BENCH=OFF >"$ROOT/build-fuzz.configure.log" 2>&1 &&
     cmake --build "$ROOT/build-fuzz" -j"$JOBS" --target $(ninja -C "$ROOT/build-fuzz" -t targets all |
       sed -nE 's/^([a-z_]+_fuzz): .*/\1/p' | sort -u) >"$ROOT/build-fuzz.build.log" 2>&1; then
    for fz in $(find "$ROOT/build-fuzz/tests/fuzz" -maxdepth 1 -type f -name '*_fuzz' -perm -u+x | sort); do
      name=$(basename "$fz" _fuzz)
      corpus="$ROOT/tests/fuzz/corpus/$name"
      work="$ROOT/build-fuzz/corpus-$name"
      mkdir -p "$work"
      echo "== fuzz: $name (${FUZZ_SECONDS}s)"
      log="$ROOT/build-logs/fuzz-$name.log"
      (cd "$ROOT/build-fuzz" && "$fz" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -timeout=10 \
         "$work" $( [ -d "$corpus" ] && echo "$corpus" )) >"$log" 2>&1
      rc=$?
      tail -2 "$log"
      if [ $rc -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("fuzz $name (see $log)"); fi
    done
  else
    tail -40 "$ROOT/build-fuzz.build.log"; failed=$((failed + 1)); failures+=("fuzz build")
  fi
fi

echo
for f in "${failures[@]+"${failures[@]}"}"; do echo "FAILED: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
