#!/usr/bin/env bash
# Fuzzes the whole path of `coop run` (load, then run in every technique and
# compare the traces) for SECONDS (default 60), or for RUNS inputs with
# `run.sh --runs N`, starting from the public scenarios. Builds the target in
# build-fuzz with clang, ASan and UBSan. Exits non-zero if libFuzzer finds a
# crash, a hang or techniques that disagree.
set -euo pipefail
cd "$(dirname "$0")/../.."
limit=(-max_total_time="${1:-60}")
if [ "${1:-}" = "--runs" ]; then
    limit=(-runs="$2")
fi
if [ -f build-fuzz/build.ninja ]; then
    meson setup --reconfigure build-fuzz >/dev/null
else
    CXX=clang++ meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined \
        -Db_lundef=false >/dev/null
fi
ninja -C build-fuzz tests/fuzz/scenario_run_fuzzer >/dev/null
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp tests/scenarios/*.json tests/scenarios/invalid/*.json "$corpus"/
mkdir -p build-fuzz/crashes
./build-fuzz/tests/fuzz/scenario_run_fuzzer "${limit[@]}" -max_len=4096 -timeout=10 \
    -rss_limit_mb=4096 -artifact_prefix=build-fuzz/crashes/ -print_final_stats=1 \
    "$corpus" 2>&1 | tail -n 12
EOF_STATUS=${PIPESTATUS[0]}
exit "$EOF_STATUS"
