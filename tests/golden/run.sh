#!/usr/bin/env bash
# Golden tests of the CLI. Each tests/golden/cases/NAME.args holds the
# arguments of one junheng run (one per line, no shell quoting); NAME.out
# holds what it must print: stdout, stderr and the exit status. Paths are
# relative to the repository root, where the runs happen.
# Usage: run.sh JUNHENG [--update]
set -u
junheng=$(realpath "$1")
update=${2:-}
cd "$(dirname "$0")/../.."
# The run time in every manifest comes from here, so that outputs repeat.
export SOURCE_DATE_EPOCH=1768438800 TZ=UTC0
passed=0
failed=0
for args in tests/golden/cases/*.args; do
  name=${args%.args}
  mapfile -t argv < "$args"
  actual=$(
    out=$(mktemp) err=$(mktemp)
    (cd . && "$junheng" "${argv[@]}" >"$out" 2>"$err")
    code=$?
    printf '## stdout\n'; cat "$out"
    printf '## stderr\n'; cat "$err"
    printf '## exit %d\n' "$code"
    rm -f "$out" "$err"
  )
  if [ "$update" = "--update" ]; then
    printf '%s\n' "$actual" > "$name.out"
    passed=$((passed + 1))
  elif [ -f "$name.out" ] && [ "$actual" = "$(cat "$name.out")" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "golden FAIL: ${name#tests/golden/cases/}"
    diff <(cat "$name.out" 2>/dev/null) <(printf '%s\n' "$actual") | head -n 40
  fi
done
echo "golden: $passed passed, $failed failed"
