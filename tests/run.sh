#!/usr/bin/env bash
# Runs every cmocka suite given as an argument, then the golden CLI tests,
# and ends with one line "N passed, N failed" over all of them.
set -u
junheng=$1
shift
passed=0
failed=0
for t in "$@"; do
  out=$("$t" 2>&1)
  echo "$out"
  p=$(echo "$out" | sed -n -e 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' -e 's/^.*: \([0-9]*\) passed, [0-9]* failed$/\1/p' | tail -n 1)
  f=$(echo "$out" | sed -n -e 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' -e 's/^.*: [0-9]* passed, \([0-9]*\) failed$/\1/p' | tail -n 1)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [ -z "$p" ] && [ -z "$f" ]; then
    echo "$t: crashed or printed no summary"
    failed=$((failed + 1))
  fi
done
# The installed binary finds its rule set without --rules, from any folder.
prefix=$(mktemp -d)
if make -s install PREFIX="$prefix" >/dev/null 2>&1 &&
   (cd "$prefix" && "$prefix/bin/junheng" eval "$OLDPWD/datasets/lusong-2025-synthetic.json" --format json) |
   grep -q '"rules": {"name": "优质均衡"'; then
  echo "install: installed junheng evaluates with its own rules: ok"
  passed=$((passed + 1))
else
  echo "install: FAILED (make install PREFIX=$prefix, then eval without --rules)"
  failed=$((failed + 1))
fi
rm -rf "$prefix"
# A binary with no rule set beside it (neither PREFIX/share/junheng/rules nor
# the source tree's rules/) says where it looked and exits 1, printing nothing.
lone=$(realpath "$(mktemp -d)")
mkdir "$lone/bin" && cp "$junheng" "$lone/bin/junheng"
want="junheng: 错误: 找不到默认规则集（在 $lone/bin 旁查找 rules/优质均衡）；请用 --rules 指定"
root=$PWD
got=$(cd "$lone" && bin/junheng eval "$root/datasets/lusong-2025-synthetic.json" 2>&1 >"$lone/stdout")
code=$?
if [ "$code" -eq 1 ] && [ "$got" = "$want" ] && [ ! -s "$lone/stdout" ]; then
  echo "no rules: junheng without a rule set beside it names where it looked: ok"
  passed=$((passed + 1))
else
  echo "no rules: FAILED: $lone/bin/junheng eval exited $code with:"
  echo "$got"
  echo "expected: $want"
  failed=$((failed + 1))
fi
rm -rf "$lone"
# -o writes exactly what standard output would get, for every command that takes it
# (the run time in the manifests fixed, so that two runs can be compared).
export SOURCE_DATE_EPOCH=1768438800 TZ=UTC0
outdir=$(mktemp -d)
for args in "eval datasets/lusong-2025-synthetic.json --format json" "audit datasets/lusong-2025-synthetic.json --format csv" \
            "diff datasets/hetang-2025-synthetic.json tests/golden/fixtures/hetang-2026.json --format json"; do
  # shellcheck disable=SC2086 # the arguments are words
  if "$junheng" $args -o "$outdir/out" >/dev/null 2>&1 && "$junheng" $args 2>/dev/null | cmp -s - "$outdir/out"; then
    echo "output file: ${args%% *} -o writes what standard output gets: ok"
    passed=$((passed + 1))
  else
    echo "output file: FAILED: junheng $args -o FILE differs from its standard output"
    failed=$((failed + 1))
  fi
done
rm -rf "$outdir"
# Any number of threads gives the same bytes (--jobs 1 evaluates on the calling thread alone).
for args in "eval datasets/lusong-2025-synthetic.json --format json" "eval datasets/lusong-2025-csv" \
            "audit datasets/lusong-2025-synthetic.json --format csv" "gaps datasets/hetang-2025-synthetic.json"; do
  # shellcheck disable=SC2086 # the arguments are words
  if "$junheng" $args --jobs 1 >"$outdir.1" 2>&1 && "$junheng" $args --jobs 3 >"$outdir.3" 2>&1 && cmp -s "$outdir.1" "$outdir.3"; then
    echo "jobs: ${args%% *} --jobs 3 writes the same bytes as --jobs 1: ok"
    passed=$((passed + 1))
  else
    echo "jobs: FAILED: junheng $args --jobs 3 differs from --jobs 1"
    failed=$((failed + 1))
  fi
done
rm -f "$outdir.1" "$outdir.3"
# The Excel workbook: its five sheets, in order, and what they hold (read back with unzip).
book="$outdir.xlsx"
if "$junheng" eval datasets/lusong-2025-synthetic.json --format xlsx -o "$book" 2>/dev/null; then
  sheets=$(unzip -p "$book" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name="//; s/"$//' | tr '\n' ' ')
  strings=$(unzip -p "$book" xl/sharedStrings.xml)
  rows=$(unzip -p "$book" xl/worksheets/sheet2.xml | grep -o '<row ' | wc -l)
  # a row per school-stage (schools with results of no stage: one row), and the header
  want=$("$junheng" eval datasets/lusong-2025-synthetic.json --format csv |
    awk -F, 'NR > 1 && $1 != "" { if ($5 != "") st[$1 "," $5] = 1; seen[$1] = 1 }
             END { n = 0; for (k in st) { split(k, a, ","); has[a[1]] = 1; n++ } for (c in seen) if (!(c in has)) n++; print n + 1 }')
fi
missing=""
for s in 芦淞区建宁小学 I4.E2 教学及辅助用房面积 评估结论 未通过 认定达标 整改项; do
  case "${strings:-}" in *"$s"*) ;; *) missing="$missing $s" ;; esac
done
if [ "${sheets:-}" = "汇总 学校明细 差异系数 例外认定台账 整改清单 " ] && [ -z "$missing" ] && [ "${rows:-0}" = "${want:-}" ]; then
  echo "workbook: eval --format xlsx writes the five sheets with schools, clauses and gaps: ok"
  passed=$((passed + 1))
else
  echo "workbook: FAILED: sheets '${sheets:-}', missing strings '$missing', school rows ${rows:-0} (want ${want:-?})"
  failed=$((failed + 1))
fi
rm -f "$book"
# The HTML report, rendered by headless Chromium (Debian's chromium): its script ran, and the DOM
# holds the verdict, a row per school-stage, a drill-down per school and a bar per indicator.
# Without chromium the check is reported as skipped (not passed); CI sets REQUIRE_CHROMIUM=1.
page="$outdir.html"
if command -v chromium >/dev/null 2>&1; then
  "$junheng" eval datasets/lusong-2025-synthetic.json --format html -o "$page" 2>/dev/null
  dom=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$(realpath "$page")" 2>/dev/null)
  schools=$("$junheng" eval datasets/lusong-2025-synthetic.json --format json | grep -c '^    {"code": ')
  rollups=$("$junheng" eval datasets/lusong-2025-synthetic.json --format json | grep -c '"rollup": true')
  got_rows=$(printf '%s' "$dom" | grep -o '<tr class="unit">' | wc -l)
  got_details=$(printf '%s' "$dom" | grep -o '<details id=' | wc -l)
  got_bars=$(printf '%s' "$dom" | grep -o '<rect class="rate"' | wc -l)
  if printf '%s' "$dom" | grep -q 'data-ready="true"' && printf '%s' "$dom" | grep -q 'id="verdict" class="verdict fail">未通过<' &&
     [ "$got_rows" = "$((want - 1))" ] && [ "$got_details" = "$schools" ] && [ "$got_bars" = "$rollups" ]; then
    echo "html: Chromium renders the report: script ran, $got_rows school-stage rows, $got_details drill-downs, $got_bars bars: ok"
    passed=$((passed + 1))
  else
    echo "html: FAILED: rows $got_rows (want $((want - 1))), drill-downs $got_details (want $schools), bars $got_bars (want $rollups)"
    failed=$((failed + 1))
  fi
  rm -f "$page"
elif [ -n "${REQUIRE_CHROMIUM:-}" ]; then
  echo "html: FAILED: chromium is not installed"
  failed=$((failed + 1))
else
  echo "html: SKIPPED: chromium is not installed (apt-get install chromium); CI runs this check"
fi
# junheng serve as started from a terminal: the address it prints answers (spoken to with bash's
# /dev/tcp), an explanation over HTTP is explain's to the byte, a second server on the same port
# says why it cannot start, and Ctrl-C stops it with exit 0.
serve_out=$(mktemp)
"$junheng" serve datasets/lusong-2025-synthetic.json --port 0 >"$serve_out" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do grep -q '^  http://127.0.0.1:' "$serve_out" && break; sleep 0.1; done
address=$(sed -n 's/^  \(http:[^ ]*\)$/\1/p' "$serve_out")
port=${address#http://127.0.0.1:}
port=${port%%/*}
token=${address##*token=}
explained=""
if [ -n "$address" ] && exec 3<>"/dev/tcp/127.0.0.1/$port"; then
  printf 'GET /api/explain?school=4302030001&indicator=I4&stage=%%E5%%B0%%8F%%E5%%AD%%A6 HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nX-Junheng-Token: %s\r\nConnection: close\r\n\r\n' \
    "$port" "$token" >&3
  explained=$(cat <&3 | sed '1,/^\r$/d')
  exec 3>&-
fi
busy=$("$junheng" serve --port "$port" 2>&1)
busy_code=$?
kill -INT "$serve_pid"
wait "$serve_pid"
serve_code=$?
if [ "$explained" = "$("$junheng" explain datasets/lusong-2025-synthetic.json --school 4302030001 --indicator I4 --stage 小学)" ] &&
   [ "$busy_code" -eq 1 ] && [ "$busy" = "junheng: 错误: 无法在 127.0.0.1:$port 上监听：地址已被占用（可用 --port 换一个端口；--port 0 由系统选一个空闲端口）" ] &&
   [ "$serve_code" -eq 0 ] && [ "$(tail -n 1 "$serve_out")" = "junheng serve 已停止。" ] && grep -q "^请在本机的浏览器中打开：$" "$serve_out"; then
  echo "serve: the printed address answers, explains as explain does, the port is reported busy, Ctrl-C stops it: ok"
  passed=$((passed + 1))
else
  echo "serve: FAILED: address '$address', exit $serve_code after Ctrl-C, second server exit $busy_code: $busy"
  cat "$serve_out"
  failed=$((failed + 1))
fi
rm -f "$serve_out"
# The workbench end to end in headless Chromium, driven over the DevTools protocol
# (tests/browser/workbench.py): an edit of I1's threshold changes a school's result, saving writes
# the rule file and junheng test runs. Skipped (not passed) without chromium; CI requires it.
if command -v chromium >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
  shots=$(mktemp -d)
  browser=$(timeout 600 python3 tests/browser/workbench.py "$junheng" --screenshots "$shots" 2>&1)
  echo "$browser" | grep -v ' passed, .* failed$'
  bp=$(echo "$browser" | sed -n 's/^browser: \([0-9]*\) passed, [0-9]* failed$/\1/p')
  bf=$(echo "$browser" | sed -n 's/^browser: [0-9]* passed, \([0-9]*\) failed$/\1/p')
  passed=$((passed + ${bp:-0}))
  failed=$((failed + ${bf:-1}))
  rm -rf "$shots"
elif [ -n "${REQUIRE_CHROMIUM:-}" ]; then
  echo "browser: FAILED: chromium and python3 are needed for the workbench test"
  failed=$((failed + 1))
else
  echo "browser: SKIPPED: chromium or python3 is not installed (apt-get install chromium python3); CI runs this test"
fi
# The data dictionary in docs/ is generated from the rules and must not drift.
if "$junheng" fields --format markdown | diff -q - docs/数据字典.md >/dev/null; then
  echo "docs: docs/数据字典.md matches the rule set: ok"
  passed=$((passed + 1))
else
  echo "docs: FAILED: docs/数据字典.md differs from 'junheng fields --format markdown' (run make docs)"
  failed=$((failed + 1))
fi
# The shipped rule sets' own tests (junheng test): all pass, every clause covered.
ruletests=$("$junheng" test; "$junheng" test --rules rules/基本均衡)
echo "$ruletests" | grep -E "条款覆盖|passed, " | sed "s/^/rule tests: /"
for n in $(echo "$ruletests" | sed -n 's/^\([0-9]*\) passed, [0-9]* failed$/\1/p'); do passed=$((passed + n)); done
rf=$(echo "$ruletests" | sed -n 's/^[0-9]* passed, \([0-9]*\) failed$/\1/p')
[ -n "$rf" ] || rf=1
for n in $rf; do failed=$((failed + n)); done
if echo "$ruletests" | grep -q '^没有测试使之起决定作用的条款'; then
  echo "rule tests: FAILED: clauses without a deciding test"
  failed=$((failed + 1))
fi
golden=$(tests/golden/run.sh "$junheng")
echo "$golden"
gp=$(echo "$golden" | sed -n 's/^golden: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
gf=$(echo "$golden" | sed -n 's/^golden: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
passed=$((passed + ${gp:-0}))
failed=$((failed + ${gf:-1}))
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
