#!/bin/sh
# Builds the libFuzzer targets (clang) and runs each for SECONDS (default 600), two at a time at
# the lowest priority, then prints each target's executions, coverage and crashes.
#   tests/fuzz/run-fuzzers.sh [SECONDS] [TARGET...]      e.g. run-fuzzers.sh 60 prompt png_text
# Seeds come from tests/fuzz/corpus/<name>; what the fuzzer adds stays in the build folder
# (fuzz-work/<name>/corpus), crashers go to fuzz-work/<name>/artifacts. Copy a crasher to
# tests/fuzz/regressions/<name>/ once it is fixed, so the fuzz-replay tests keep checking it.
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (default 2), FUZZ_TIMEOUT (seconds
# per input before libFuzzer calls it a hang, default 30).
set -eu
seconds=${1:-600}
[ $# -gt 0 ] && shift
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$src/build-fuzz}
jobs=${FUZZ_JOBS:-2}

if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++ -DREVERIE_FUZZ=ON
fi
nice -n 10 cmake --build "$build" -j "$jobs"

if [ $# -eq 0 ]; then
    set -- $(cd "$src/tests/fuzz/corpus" && ls)
fi

run_one() {
    name=$1
    work=$build/fuzz-work/$name
    mkdir -p "$work/corpus" "$work/artifacts"
    # Per input: 2 GiB at most (a legitimate 16384 px image decodes to about 1 GiB). Inputs slower
    # than a second are saved as slow-unit-* (rerun them alone: on a busy machine a niced fuzzer
    # can wait seconds for a CPU); the hard timeout is generous for the same reason.
    nice -n 19 "$build/tests/fuzz/fuzz_$name" "$work/corpus" "$src/tests/fuzz/corpus/$name" \
        -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
        -malloc_limit_mb=2048 -timeout="${FUZZ_TIMEOUT:-30}" -report_slow_units=1 \
        -artifact_prefix="$work/artifacts/" >"$work/log.txt" 2>&1 || true
}

summary() {
    name=$1
    log=$build/fuzz-work/$name/log.txt
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
    crashes=$(ls "$build/fuzz-work/$name/artifacts" | wc -l)
    printf '%-16s execs %-10s %-22s artifacts %s\n' "$name" "${execs:-?}" "${cov:-?}" "$crashes"
}

running=0
for name in "$@"; do
    run_one "$name" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait
        running=0
    fi
done
wait
for name in "$@"; do summary "$name"; done
