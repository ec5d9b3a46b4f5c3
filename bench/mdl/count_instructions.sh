#!/bin/bash
# Instructions per operation of bench/mdl/instruction_count_main.cc's loops, counted by
# callgrind (deterministic: independent of machine load). Usage:
#   bench/mdl/count_instructions.sh <build-dir>/bench/mdl/mdl_instruction_count [iterations]
# Each mode runs twice (n and 2n iterations); the difference divided by n is the exact cost
# of one iteration, without the loop's one-off entry cost.
set -euo pipefail
bin=$1
n=${2:-100000}
count() {  # mode iterations -> instructions inside Loop_<mode>
  valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect="*Loop_$1*" \
    "$bin" "$1" "$2" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
declare -A per_op
for mode in atomic naive sr sr_statement sr_repeat sr_prepared sr_prepared_statement; do
  a=$(count "$mode" "$n")
  b=$(count "$mode" $((2 * n)))
  per_op[$mode]=$(awk -v a="$a" -v b="$b" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / n }')
  printf '%-22s %8s instructions/op\n' "$mode" "${per_op[$mode]}"
done
for mode in naive sr sr_statement sr_repeat sr_prepared sr_prepared_statement; do
  awk -v m="$mode" -v x="${per_op[$mode]}" -v base="${per_op[atomic]}" \
    'BEGIN { printf "%-22s / atomic pair = %.2fx\n", m, x / base }'
done
