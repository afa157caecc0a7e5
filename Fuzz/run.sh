#!/usr/bin/env bash
# Builds the libFuzzer target for the HTTP request parser and runs it.
# Usage: Fuzz/run.sh [seconds]   (default 600). Output: Fuzz/.bin, Fuzz/corpus, Fuzz/artifacts.
set -euo pipefail
seconds="${1:-600}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
mkdir -p "$here/.bin" "$here/corpus" "$here/artifacts"
mapfile -t sources < <(find "$root/Shared/HTTPCore" -name '*.swift' | sort)
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name SluiceHTTPCoreFuzz \
    "${sources[@]}" "$here/ParserFuzz.swift" -o "$here/.bin/parser-fuzz"
cp -n "$here"/seeds/* "$here/corpus/" 2>/dev/null || true
exec "$here/.bin/parser-fuzz" "$here/corpus" -max_total_time="$seconds" -max_len=4096 \
    -artifact_prefix="$here/artifacts/" -print_final_stats=1
