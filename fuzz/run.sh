#!/usr/bin/env bash
# Runs each fuzz target for a bounded time, seeded from the repository's own inputs.
#
#   fuzz/run.sh [SECONDS] [TARGET ...]      (default: 600 s each for epw, site and units)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain RUSTC_BOOTSTRAP=1 lets it
# use the sanitizer flags. Crashes land in fuzz/artifacts/TARGET/; each one found is fixed in
# the library and kept as a regression test (see docs/validation.md, "Robustness").
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(epw site units)

mkdir -p corpus/epw corpus/site corpus/units
cp -n ../tests/data/*.epw corpus/epw/
cp -n ../examples/sites/*.toml corpus/site/
# The EnergyPlus CRAC sites, on a built-in climate (the target reads no EPW paths).
for f in ../examples/sites/energyplus/*.toml; do
    sed 's|^epw = .*|builtin = "chicago"|' "$f" > "corpus/site/energyplus-$(basename "$f")"
done
i=0
while IFS= read -r line; do
    printf '%s' "$line" > "corpus/units/seed-$i"
    i=$((i + 1))
done < seeds/units.txt

declare -A max_len=([epw]=2000000 [site]=65536 [units]=4096)
for t in "${targets[@]}"; do
    mkdir -p "artifacts/$t"
    dict=()
    [ -f "dicts/$t.dict" ] && dict=(-dict="dicts/$t.dict")
    RUSTC_BOOTSTRAP=1 nice cargo fuzz run "$t" "corpus/$t" -- "${dict[@]}" \
        -max_total_time="$seconds" -max_len="${max_len[$t]}" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 2>&1 | tee "artifacts/$t/last-run.log" | grep -E '^(Done|==|SUMMARY)|stat::number_of_executed_units' || true
done
