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
# Counts whether junheng ARGS -o FILE writes exactly what junheng REFERENCE
# prints (each a list of words) and, when PATTERN is given, holds a line
# matching it. Usage: writes_what_stdout_gets WHAT ARGS REFERENCE [PATTERN]
writes_what_stdout_gets() {
  local what=$1 args=$2 reference=$3 pattern=${4:-}
  # shellcheck disable=SC2086 # the arguments are words
  if "$junheng" $args -o "$outdir/out" >/dev/null 2>&1 && "$junheng" $reference 2>/dev/null | cmp -s - "$outdir/out" &&
     { [ -z "$pattern" ] || grep -q "$pattern" "$outdir/out"; }; then
    echo "output file: $what writes what standard output gets: ok"
    passed=$((passed + 1))
  else
    echo "output file: FAILED: junheng $args -o FILE differs from junheng $reference${pattern:+ or lacks $pattern}"
    failed=$((failed + 1))
  fi
}
for args in "eval datasets/lusong-2025-synthetic.json --format json" "audit datasets/lusong-2025-synthetic.json --format csv" \
            "tables datasets/lusong-2025-synthetic.json --table Ⅲ" "diff datasets/hetang-2025-synthetic.json tests/golden/fixtures/hetang-2026.json --format json"; do
  writes_what_stdout_gets "${args%% *} -o" "$args" "$args"
done
# A JSON result to a file is written while the schools are evaluated, its head put in place at
# the end; when the dataset's 数据集 (its name) comes after the schools it is written at the end.
# Either way the bytes are those of standard output, on any number of threads; a dataset found
# invalid half-way leaves no file. The county is the sample's schools copied 30 times: the workers start (pool.h).
python3 - "$outdir" <<'PY'
import json, sys
d = json.load(open("datasets/lusong-2025-synthetic.json"))
schools = [dict(s, 学校代码="%s%02d" % (s["学校代码"], k)) for k in range(30) for s in d["学校"]]
json.dump(dict(d, 学校=schools), open(sys.argv[1] + "/many.json", "w"), ensure_ascii=False, indent=1)
late = {k: v for k, v in d.items() if k != "数据集"}  # its name only (年度 must come first): with --as-of
json.dump(dict(late, 学校=schools, 数据集={"名称": d["数据集"]["名称"]}), open(sys.argv[1] + "/late.json", "w"), ensure_ascii=False, indent=1)
bad = [dict(s) for s in schools]
bad[-3]["学校类型"] = "大学"
json.dump(dict(d, 学校=bad), open(sys.argv[1] + "/bad.json", "w"), ensure_ascii=False, indent=1)
PY
for data in many late; do
  for jobs in 1 3; do
    eval_of="eval $outdir/$data.json --as-of 2025-12-31 --format json"
    writes_what_stdout_gets "eval -o of $data.json (--jobs $jobs)" "$eval_of --jobs $jobs" "$eval_of --jobs 1" '^  "dataset": {"name": "芦淞区'
  done
done
if ! "$junheng" eval "$outdir/bad.json" --format json --jobs 3 -o "$outdir/bad-out" >/dev/null 2>&1 &&
   [ -z "$(ls "$outdir" | grep bad-out)" ]; then
  echo "output file: a dataset invalid at its last schools leaves no file, nor a temporary one: ok"
  passed=$((passed + 1))
else
  echo "output file: FAILED: eval of $outdir/bad.json left $(ls "$outdir" | grep bad-out)"
  failed=$((failed + 1))
fi
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
# The Excel workbook: its seven sheets, in order, and what they hold (read back with unzip).
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
if [ "${sheets:-}" = "汇总 学校明细 差异系数 例外认定台账 整改清单 表Ⅱ-2 表Ⅲ " ] && [ -z "$missing" ] && [ "${rows:-0}" = "${want:-}" ]; then
  echo "workbook: eval --format xlsx writes the seven sheets with schools, clauses, gaps and the official tables: ok"
  passed=$((passed + 1))
else
  echo "workbook: FAILED: sheets '${sheets:-}', missing strings '$missing', school rows ${rows:-0} (want ${want:-?})"
  failed=$((failed + 1))
fi
rm -f "$book"
# The workbook for people: under SOURCE_DATE_EPOCH two runs give the same bytes (the document's
# creation time is the run's); its texts are Chinese (the gaps sheet's 情形 as words, not the CSV's
# codes such as change or no_remedy); school codes are text cells (shared strings), never numbers.
if "$junheng" eval datasets/lusong-2025-synthetic.json --format xlsx -o "$book.1" 2>/dev/null && sleep 1 &&
   "$junheng" eval datasets/lusong-2025-synthetic.json --format xlsx -o "$book.2" 2>/dev/null && cmp -s "$book.1" "$book.2"; then
  echo "workbook: two runs under SOURCE_DATE_EPOCH write the same bytes: ok"
  passed=$((passed + 1))
else
  echo "workbook: FAILED: two runs under SOURCE_DATE_EPOCH differ"
  failed=$((failed + 1))
fi
english=$(unzip -p "$book.1" xl/sharedStrings.xml | grep -o '<t[^>]*>[^<]*</t>' | sed 's/<[^>]*>//g' | grep -xE '[a-z_]+' | grep -vx junheng | tr '\n' ' ')
gaps_words=$(unzip -p "$book.1" xl/worksheets/sheet5.xml | grep -o '<c r="H[0-9]*" t="s"' | wc -l) # 情形 is column H
code_cells=$(unzip -p "$book.1" xl/worksheets/sheet2.xml | grep -o '<c r="A[0-9]*"[^>]*>' | grep -vc 't="s"')
if [ -z "$english" ] && [ "$gaps_words" -gt 1 ] && [ "$code_cells" = 0 ] &&
   unzip -p "$book.1" xl/sharedStrings.xml | grep -q '<t>调整后可达标</t>'; then
  echo "workbook: labels in Chinese (情形 调整后可达标, not change), school codes as text: ok"
  passed=$((passed + 1))
else
  echo "workbook: FAILED: English codes '$english', 情形 cells $gaps_words, school codes not text: $code_cells"
  failed=$((failed + 1))
fi
rm -f "$book.1" "$book.2"
# A school named like a formula is a text cell in the workbook, never a formula (libxlsxwriter writes
# strings as shared strings): the sheet has no <f> element and the name is kept as it is.
book="$outdir-formula.xlsx"
hostile=tests/golden/fixtures/hostile-text
if "$junheng" eval $hostile/数据.json --rules $hostile/规则.jh --format xlsx -o "$book" 2>/dev/null &&
   unzip -p "$book" xl/sharedStrings.xml | grep -qF '<t>=HYPERLINK("http://example.invalid","点击")</t>' &&
   ! unzip -p "$book" 'xl/worksheets/*.xml' | grep -q '<f>'; then
  echo "workbook: a school named =HYPERLINK(...) is a text cell, not a formula: ok"
  passed=$((passed + 1))
else
  echo "workbook: FAILED: the school named =HYPERLINK(...) is not a plain text cell in $book"
  failed=$((failed + 1))
fi
rm -f "$book"
# -o never destroys: a target that is an input of the run (under any name: compared by device and
# inode), in the CSV dataset or rule folder, or that exists and is not a regular file (folder, FIFO,
# symlink, device) is refused with a message naming it and why, exit 1, nothing written or renamed.
safe=$(mktemp -d)
cp datasets/hetang-2025-synthetic.json "$safe/ds.json"
cp -r datasets/lusong-2025-csv "$safe/csv"
cp -r rules/优质均衡 "$safe/rules"
cp tests/golden/fixtures/gaps-cases/规则.jh "$safe/one.jh"
cp tests/golden/fixtures/gaps-cases/数据.json "$safe/gaps.json"
ln -s ds.json "$safe/link.json"
ln "$safe/ds.json" "$safe/hard.json"
ln "$safe/csv/学校.csv" "$safe/school.csv"
echo keep >"$safe/real.txt"
ln -s real.txt "$safe/to-real.txt"
mkfifo "$safe/fifo"
state() { find "$safe" -printf '%P %y %i %s %l\n' | sort; find "$safe" -type f -exec sha256sum {} + | sort; }
before=$(state)
refused() { # WHY EXPECTED-MESSAGE ARGS...: junheng ARGS is refused with EXPECTED-MESSAGE
  local why=$1 want=$2
  shift 2
  local got code
  got=$(timeout 60 "$junheng" "$@" 2>&1 >"$safe.stdout")
  code=$?
  if [ "$code" -eq 1 ] && [ "$got" = "junheng: 错误: $want" ] && [ ! -s "$safe.stdout" ] && [ "$(state)" = "$before" ]; then
    echo "output refused: $why: ok"
    passed=$((passed + 1))
    return 0
  fi
  echo "output refused: FAILED: $why: junheng $* exited $code with:"
  echo "$got"
  echo "expected: junheng: 错误: $want (and nothing written)"
  failed=$((failed + 1))
  return 1
}
refused "the JSON dataset" "-o $safe/ds.json 是本次读取的数据集 $safe/ds.json：结果不能写在输入上，请另选文件" \
  eval "$safe/ds.json" -o "$safe/ds.json"
refused "a hard link to the dataset" "-o $safe/hard.json 是本次读取的数据集 $safe/ds.json：结果不能写在输入上，请另选文件" \
  audit "$safe/ds.json" -o "$safe/hard.json"
refused "the dataset, read through a symlink" "-o $safe/ds.json 是本次读取的数据集 $safe/link.json：结果不能写在输入上，请另选文件" \
  gaps "$safe/link.json" -o "$safe/ds.json"
refused "the newer dataset of diff" "-o $safe/ds.json 是本次读取的数据集 $safe/ds.json：结果不能写在输入上，请另选文件" \
  diff datasets/hetang-2025-synthetic.json "$safe/ds.json" -o "$safe/ds.json"
refused "the CSV dataset folder" "-o $safe/csv 已存在，是文件夹，不是普通文件：结果只写入普通文件，不会替换它" \
  eval "$safe/csv" -o "$safe/csv"
refused "a file of the CSV dataset" "-o $safe/csv/学校.csv 在本次读取的 CSV 数据集文件夹 $safe/csv 中：结果不能写进输入的数据集，请另选位置" \
  eval "$safe/csv" --format csv -o "$safe/csv/学校.csv"
refused "a new file in the CSV dataset" "-o $safe/csv/结果.csv 在本次读取的 CSV 数据集文件夹 $safe/csv 中：结果不能写进输入的数据集，请另选位置" \
  eval "$safe/csv" --format csv -o "$safe/csv/结果.csv"
refused "a hard link to a CSV file of the dataset" "-o $safe/school.csv 在本次读取的 CSV 数据集文件夹 $safe/csv 中：结果不能写进输入的数据集，请另选位置" \
  eval "$safe/csv" -o "$safe/school.csv"
refused "a rule file" "-o $safe/rules/10-资源配置.jh 在本次使用的规则集文件夹 $safe/rules 中：结果不能写进规则集，请另选位置" \
  eval "$safe/ds.json" --rules "$safe/rules" -o "$safe/rules/10-资源配置.jh"
refused "a script of the rule set" "-o $safe/rules/专用教室.lua 在本次使用的规则集文件夹 $safe/rules 中：结果不能写进规则集，请另选位置" \
  eval "$safe/ds.json" --rules "$safe/rules" --format xlsx -o "$safe/rules/专用教室.lua"
refused "a rule test file" "-o $safe/rules/测试/资源配置.jh 在本次使用的规则集文件夹 $safe/rules 中：结果不能写进规则集，请另选位置" \
  eval "$safe/ds.json" --rules "$safe/rules" -o "$safe/rules/测试/资源配置.jh"
refused "the proposed rules of diff" "-o $safe/rules/新.jh 在本次使用的规则集文件夹 $safe/rules 中：结果不能写进规则集，请另选位置" \
  diff "$safe/ds.json" --with-rules "$safe/rules" -o "$safe/rules/新.jh"
refused "a single rule file" "-o $safe/one.jh 是本次使用的规则文件 $safe/one.jh：结果不能写在规则上，请另选文件" \
  eval "$safe/gaps.json" --rules "$safe/one.jh" -o "$safe/one.jh"
refused "a folder" "-o $safe 已存在，是文件夹，不是普通文件：结果只写入普通文件，不会替换它" \
  eval "$safe/ds.json" -o "$safe"
refused "a symlink to a regular file" "-o $safe/to-real.txt 已存在，是符号链接，不是普通文件：结果只写入普通文件，不会替换它" \
  eval "$safe/ds.json" -o "$safe/to-real.txt"
# A FIFO stands for a device here (tests never write to a real device). Only when it is refused is
# -o /dev/null tried, and checked by its message and by /dev/null still being a character device.
if refused "a FIFO" "-o $safe/fifo 已存在，是命名管道（FIFO），不是普通文件：结果只写入普通文件，不会替换它" \
     eval "$safe/ds.json" -o "$safe/fifo" && [ -p "$safe/fifo" ]; then
  if refused "a device" "-o /dev/null 已存在，是设备，不是普通文件：结果只写入普通文件，不会替换它" \
       eval "$safe/ds.json" -o /dev/null && [ -c /dev/null ]; then :; else
    echo "output refused: FAILED: /dev/null is no longer a character device"
    failed=$((failed + 1))
  fi
fi
if python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$safe/socket"; then
  before=$(state)
  refused "a socket" "-o $safe/socket 已存在，是套接字，不是普通文件：结果只写入普通文件，不会替换它" \
    eval "$safe/ds.json" -o "$safe/socket"
else
  echo "output refused: FAILED: python3 could not make a socket to test with"
  failed=$((failed + 1))
fi
rm -f "$safe.stdout"
# The temporary file: none is left by a run that fails after creating it (a script error) ...
mkdir "$safe/out"
"$junheng" eval datasets/hetang-2025-synthetic.json --rules tests/golden/fixtures/lua-error -o "$safe/out/结果.txt" 2>/dev/null
code=$?
if [ "$code" -eq 1 ] && [ -z "$(ls -A "$safe/out")" ]; then
  echo "output file: a run that fails leaves no file: ok"
  passed=$((passed + 1))
else
  echo "output file: FAILED: exit $code, left: $(ls -A "$safe/out")"
  failed=$((failed + 1))
fi
# ... nor by one ended by SIGTERM or SIGINT while it evaluates (a slow script); the process still
# ends by the signal. A background job may inherit SIGINT ignored (junheng then leaves it so, as
# nohup wants): python3 restores the default before it becomes junheng.
for sig in TERM INT; do
  left=$(python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
      "$junheng" eval datasets/hetang-2025-synthetic.json --rules tests/golden/fixtures/lua-slow --lua-instructions 100000000 \
      -o "$safe/out/结果.txt" 2>/dev/null &
    pid=$!
    for _ in $(seq 200); do ls "$safe/out" | grep -q '^结果.txt.tmp' && break; sleep 0.05; done
    seen=$(ls "$safe/out")
    kill -"$sig" "$pid"
    wait "$pid"
    echo "exit $? seen $seen left $(ls -A "$safe/out")")
  killed=$([ "$sig" = TERM ] && echo 143 || echo 130)
  case "$left" in
    "exit $killed seen 结果.txt.tmp"??????" left ") echo "output file: SIG$sig during the evaluation removes the temporary file: ok"; passed=$((passed + 1)) ;;
    *) echo "output file: FAILED: SIG$sig: $left"; failed=$((failed + 1)) ;;
  esac
done
rm -rf "$safe"
# A failed write to standard output (a full disk: /dev/full) fails every command, with one message.
lusong=datasets/lusong-2025-synthetic.json
for args in "eval $lusong" "eval $lusong --format json" "eval $lusong --format csv" "eval $lusong --format html" \
            "audit $lusong" "gaps $lusong --format csv" "tables $lusong --table Ⅱ-2" "diff datasets/hetang-2025-synthetic.json tests/golden/fixtures/hetang-2026.json" \
            "explain $lusong --school 4302030002" "explain $lusong --indicator I4" "explain $lusong --indicator I1" \
            "test" "check" "fields" "--help" "eval --help" "--version"; do
  # shellcheck disable=SC2086 # the arguments are words
  got=$("$junheng" $args 2>&1 >/dev/full)
  code=$?
  got=$(printf '%s\n' "$got" | grep -v ': 警告: ') # the dataset's warnings (the sample lacks a field on purpose)
  if [ -c /dev/full ] && [ "$code" -eq 1 ] && [ "$got" = "junheng: 错误: 无法写入标准输出：磁盘空间不足" ]; then
    echo "full disk: junheng $args > /dev/full fails: ok"
    passed=$((passed + 1))
  else
    echo "full disk: FAILED: junheng $args > /dev/full exited $code with: $got"
    failed=$((failed + 1))
  fi
done
# SOURCE_DATE_EPOCH: an integer from 0 to 253402300799 (9999-12-31T23:59:59Z) is the run time; anything
# else is an error naming the variable (reproducible-builds.org), nothing evaluated.
for epoch in 0 253402300799; do
  got=$(SOURCE_DATE_EPOCH=$epoch TZ=UTC0 "$junheng" eval datasets/hetang-2025-synthetic.json --format json | grep '"generated_at"')
  expected=$([ "$epoch" = 0 ] && echo 1970-01-01T00:00:00+00:00 || echo 9999-12-31T23:59:59+00:00)
  if [ "$got" = "  \"generated_at\": \"$expected\"," ]; then
    echo "SOURCE_DATE_EPOCH=$epoch: the run time is $expected: ok"
    passed=$((passed + 1))
  else
    echo "SOURCE_DATE_EPOCH=$epoch: FAILED: $got"
    failed=$((failed + 1))
  fi
done
for epoch in 253402300800 -1 abc "" 1.5 " 1" 99999999999999999999 0x10; do
  got=$(SOURCE_DATE_EPOCH=$epoch "$junheng" eval datasets/hetang-2025-synthetic.json 2>&1 >"$outdir.stdout")
  code=$?
  expected="junheng: 错误: 环境变量 SOURCE_DATE_EPOCH 的值 '$epoch' 无效：应为 0 到 253402300799 之间的整数（自 1970-01-01 00:00:00 UTC 起的秒数），或不设置
（junheng --help 查看用法）"
  if [ "$code" -eq 2 ] && [ "$got" = "$expected" ] && [ ! -s "$outdir.stdout" ]; then
    echo "SOURCE_DATE_EPOCH='$epoch' is refused: ok"
    passed=$((passed + 1))
  else
    echo "SOURCE_DATE_EPOCH='$epoch': FAILED: exit $code with: $got"
    failed=$((failed + 1))
  fi
done
rm -f "$outdir.stdout"
# Out of memory: with the test hook JUNHENG_TEST_FAIL_ALLOC=N the Nth allocation fails. A run makes
# T allocations (found by bisection: N <= T fails, N = T + 1 completes); at each of its first 40, its
# last 40 (the output is put in place there) and every 17th between, the command stops with exit 3 and
# one message, and leaves no output file (neither the target nor its temporary file). The process ends
# without freeing what the interrupted run held: the sanitizer build checks these runs for memory
# errors, not leaks.
oom=$(mktemp -d)
oom_run() { # N ARGS...: the exit status; the message in $oom_err
  local n=$1
  shift
  oom_err=$(JUNHENG_TEST_FAIL_ALLOC=$n ASAN_OPTIONS=detect_leaks=0 "$junheng" "$@" 2>&1 >/dev/null)
}
gapsdir=tests/golden/fixtures/gaps-cases
for args in "eval $gapsdir/数据.json --rules $gapsdir/规则.jh -o $oom/结果.txt" \
            "gaps $gapsdir/数据.json --rules $gapsdir/规则.jh --format json -o $oom/结果.json" \
            "eval $gapsdir/数据.json --rules $gapsdir/规则.jh --format xlsx -o $oom/结果.xlsx" \
            "eval datasets/hetang-2025-synthetic.json -o $oom/结果.txt" "eval datasets/lusong-2025-csv --format csv" \
            "explain $gapsdir/数据.json --rules $gapsdir/规则.jh --school 1" "diff $gapsdir/数据.json $gapsdir/数据.json --rules $gapsdir/规则.jh" \
            "test --rules tests/golden/fixtures/bool-tests" "check --rules $gapsdir/规则.jh" "fields"; do
  # shellcheck disable=SC2086 # the arguments are words
  set -- $args
  lo=0 hi=1 # the hook fires at lo (0: not yet known), not at hi
  while oom_run "$hi" "$@"; [ $? -eq 3 ]; do lo=$hi; hi=$((hi * 2)); rm -rf "${oom:?}"/*; done
  while [ $((hi - lo)) -gt 1 ]; do
    mid=$(((lo + hi) / 2))
    if oom_run "$mid" "$@"; [ $? -eq 3 ]; then lo=$mid; else hi=$mid; fi
    rm -rf "${oom:?}"/*
  done
  total=$lo bad="" tried=0
  oom_run $((total + 1)) "$@"
  [ $? -eq 0 ] || bad="allocation $((total + 1)): not completed: $oom_err"
  rm -rf "${oom:?}"/*
  for n in $(seq 1 "$total"); do
    [ "$n" -le 40 ] || [ "$n" -gt $((total - 40)) ] || [ $((n % 17)) -eq 0 ] || continue
    oom_run "$n" "$@"
    code=$?
    tried=$((tried + 1))
    if [ "$code" -ne 3 ] || ! printf '%s\n' "$oom_err" | tail -n 1 | grep -Eq '^junheng: 错误: 内存不足（[0-9]+ 字节的内存申请失败），程序停止$' ||
       [ -n "$(ls -A "$oom")" ]; then
      bad="allocation $n: exit $code: $oom_err; left: $(ls -A "$oom")"
      break
    fi
  done
  if [ -z "$bad" ] && [ "$total" -gt 10 ]; then
    echo "out of memory: junheng $1 stops with exit 3 at an allocation failure ($tried of its $total tried): ok"
    passed=$((passed + 1))
  else
    echo "out of memory: FAILED: junheng $args: ${bad:-only $total allocations}"
    failed=$((failed + 1))
  fi
  rm -rf "${oom:?}"/*
done
set --
rm -rf "$oom"
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
  got_bars=$(printf '%s' "$dom" | grep -o '<g class="rate"' | wc -l)
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
# One CLI voice: every option a command accepts (found by trying it: an option a command does not
# take is refused as "不适用于") is listed by that command's --help.
unlisted=""
for command in eval explain audit gaps tables diff check test fields serve; do
  help=$("$junheng" "$command" --help 2>&1)
  for option in --rules --format -o --school --indicator --stage --as-of --encoding --with-rules --table \
                --lua-instructions --lua-memory --lua-seconds --jobs --port --stats; do
    value=0
    [ "$option" = --stats ] && value=
    extra=()
    [ "$command" = serve ] && [ "$option" != --port ] && extra=(--port -1) # refused before a server starts
    [ "$command" = serve ] && [ "$option" = --port ] && value=-1
    # shellcheck disable=SC2086 # --stats takes no value
    if ! timeout 60 "$junheng" "$command" "$option" $value "${extra[@]}" 2>&1 | grep -q "不适用于"; then
      case "$help" in *"$option "*|*"$option|"*|*"$option]"*|*"$option"$'\n'*) ;; *) unlisted="$unlisted $command:$option" ;; esac
    fi
  done
done
if [ -z "$unlisted" ]; then
  echo "cli: every command's --help lists every option it accepts: ok"
  passed=$((passed + 1))
else
  echo "cli: FAILED: options accepted but not in the command's --help:$unlisted"
  failed=$((failed + 1))
fi
# The HTML report an inspector reads and prints, checked from the DOM in headless Chromium
# (tests/browser/report.py): verdict and reasons in the first screen, the county table, the stacked
# rate bars, the CV chart, 表Ⅱ-2 and 表Ⅲ, no overflow at A4 width, a PDF of several pages.
if command -v chromium >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
  report=$(timeout 600 python3 tests/browser/report.py "$junheng" 2>&1)
  echo "$report" | grep -v ' passed, .* failed$'
  rp=$(echo "$report" | sed -n 's/^report: \([0-9]*\) passed, [0-9]* failed$/\1/p')
  rf=$(echo "$report" | sed -n 's/^report: [0-9]* passed, \([0-9]*\) failed$/\1/p')
  passed=$((passed + ${rp:-0}))
  failed=$((failed + ${rf:-1}))
elif [ -n "${REQUIRE_CHROMIUM:-}" ]; then
  echo "report: FAILED: chromium and python3 are needed for the HTML report test"
  failed=$((failed + 1))
else
  echo "report: SKIPPED: chromium or python3 is not installed (apt-get install chromium python3); CI runs this test"
fi
# Texts for people come from the catalogue (engine/msg.h) in the language their writer is given: no
# process-wide language, no pair of texts chosen in place. (test_msg checks the catalogue's columns.)
if chosen=$(grep -rnE 'zh_en\(|msg_lang|[=!]= *LANG_(ZH|EN)|LANG_(ZH|EN) *[=!]=' engine lexer); then
  echo "messages: FAILED: a text chosen by language outside the catalogue:"
  echo "$chosen"
  failed=$((failed + 1))
else
  echo "messages: no zh_en, msg_lang or test of the language in engine/ or lexer/: ok"
  passed=$((passed + 1))
fi
# The data dictionary in docs/ is generated from the rules and must not drift.
if "$junheng" fields --format markdown | diff -q - docs/数据字典.md >/dev/null; then
  echo "docs: docs/数据字典.md matches the rule set: ok"
  passed=$((passed + 1))
else
  echo "docs: FAILED: docs/数据字典.md differs from 'junheng fields --format markdown' (run make docs)"
  failed=$((failed + 1))
fi
# Every rule-file line that docs/评估口径说明.md cites ("`rules/…jh` 第 N 行") still holds the text it
# quotes; and the check itself notices a reference moved by one line (the table's tolerance line).
if refs=$(python3 tests/doc_refs.py docs/评估口径说明.md 2>&1); then
  echo "docs: docs/评估口径说明.md's rule-file line references match the rules: ok"
  passed=$((passed + 1))
else
  echo "docs: FAILED: docs/评估口径说明.md cites rule-file lines that moved or changed:"
  echo "$refs"
  failed=$((failed + 1))
fi
drift=$(mktemp --suffix=.md)
sed '0,/`rules\/优质均衡\/00-规则集.jh` 第 8 行 `容差 1e-9`/s//`rules\/优质均衡\/00-规则集.jh` 第 9 行 `容差 1e-9`/' \
  docs/评估口径说明.md > "$drift"
if ! python3 tests/doc_refs.py "$drift" | grep -q "^$drift:[0-9]*: rules/优质均衡/00-规则集.jh line 9 is"; then
  echo "docs: FAILED: tests/doc_refs.py did not notice a reference moved from line 8 to line 9"
  failed=$((failed + 1))
else
  echo "docs: tests/doc_refs.py notices a line reference that drifted: ok"
  passed=$((passed + 1))
fi
rm -f "$drift"
# Workbooks: the sample county typed into a workbook as Excel types it (numbers, booleans, numbers
# stored as text; tests/xlsx/workbooks.py, python3-openpyxl) evaluates exactly as its CSV folder, and
# so does the committed datasets/lusong-2025.xlsx; only the dataset's name and hash differ.
same_as_csv() { # WHY WORKBOOK: eval WORKBOOK --format json equals the CSV folder's, dataset line aside
  local csv book
  # Standard output only: warnings name their own file or cell.
  csv=$("$junheng" eval datasets/lusong-2025-csv --format json 2>/dev/null | grep -v '^  "dataset": ')
  book=$("$junheng" eval "$2" --format json 2>/dev/null | grep -v '^  "dataset": ')
  if [ -n "$book" ] && [ "$csv" = "$book" ]; then
    echo "workbook input: $1 evaluates as the CSV folder: ok"
    passed=$((passed + 1))
  else
    echo "workbook input: FAILED: $1 ($2) does not evaluate as datasets/lusong-2025-csv:"
    diff <(echo "$csv") <(echo "$book") | head -n 20
    failed=$((failed + 1))
  fi
}
book=$(mktemp -d)
if /usr/bin/python3 tests/xlsx/workbooks.py from-csv datasets/lusong-2025-csv "$book/芦淞区.xlsx"; then
  same_as_csv "the CSV folder typed into a workbook" "$book/芦淞区.xlsx"
else
  echo "workbook input: FAILED: tests/xlsx/workbooks.py could not write the workbook"
  failed=$((failed + 1))
fi
same_as_csv "datasets/lusong-2025.xlsx" datasets/lusong-2025.xlsx
# junheng template: the empty workbook has a sheet per table, headings with units, drop-down lists
# and the fields' descriptions as comments; filled with the sample county, it evaluates as the folder.
if "$junheng" template -o "$book/模板.xlsx" 2>/dev/null; then
  sheets=$(unzip -p "$book/模板.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name="//; s/"$//' | tr '\n' ' ')
  strings=$(unzip -p "$book/模板.xlsx" xl/sharedStrings.xml)
  lists=$(unzip -p "$book/模板.xlsx" xl/worksheets/sheet1.xml | grep -o '<formula1>"小学,初中,九年一贯制,十二年一贯制,教学点,特殊教育学校,职业学校"</formula1>')
  notes=$(unzip -p "$book/模板.xlsx" 'xl/comments*.xml' | grep -c '按寄宿生人数增加的年度公用经费补助')
fi
case "${strings:-}" in *教学仪器设备值（元）*) unit=ok ;; *) unit= ;; esac
if [ "${sheets:-}" = "学校 学段 班级 校区 专用教室 县级 优质高中 质量监测 " ] && [ -n "$unit" ] && [ -n "${lists:-}" ] && [ "${notes:-0}" -ge 1 ]; then
  echo "template: a sheet per table, headings with units, drop-down lists, descriptions as comments: ok"
  passed=$((passed + 1))
else
  echo "template: FAILED: sheets '${sheets:-}', unit heading '${unit}', drop-down '${lists:-}', comments ${notes:-0}"
  failed=$((failed + 1))
fi
if /usr/bin/python3 tests/xlsx/workbooks.py fill "$book/模板.xlsx" datasets/lusong-2025-csv "$book/填好的模板.xlsx"; then
  same_as_csv "the template filled with the sample county" "$book/填好的模板.xlsx"
else
  echo "template: FAILED: tests/xlsx/workbooks.py could not fill the template"
  failed=$((failed + 1))
fi
# The national data-collection forms (rules/优质均衡/05-导入.jh): the sample county typed into them
# (datasets/lusong-2025-national, made by tests/profiles/national_forms.py and kept in step with the
# CSV folder) evaluates as the CSV folder, as a folder and as a workbook of the forms' sheets.
tests/profiles/national_forms.py datasets/lusong-2025-csv "$book/national"
if diff -r "$book/national" datasets/lusong-2025-national >/dev/null; then
  echo "national forms: datasets/lusong-2025-national is what tests/profiles/national_forms.py makes: ok"
  passed=$((passed + 1))
else
  echo "national forms: FAILED: datasets/lusong-2025-national differs from tests/profiles/national_forms.py's output"
  failed=$((failed + 1))
fi
same_as_csv "the national forms" datasets/lusong-2025-national
# 也称 with ×: 学校.csv with 教学仪器设备值 given in 万元 under the heading 教学仪器设备资产值（万元）.
cp -r datasets/lusong-2025-csv "$book/万元"
/usr/bin/python3 - "$book/万元/学校.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
k = rows[0].index("教学仪器设备值")
rows[0][k] = "教学仪器设备资产值（万元）"
for r in rows[1:]:
    r[k] = repr(float(r[k]) / 10000) if r[k] else ""
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
same_as_csv "a CSV folder with 教学仪器设备资产值（万元）" "$book/万元"
if /usr/bin/python3 tests/xlsx/workbooks.py from-csv datasets/lusong-2025-national "$book/全国采集表.xlsx"; then
  same_as_csv "the national forms in a workbook" "$book/全国采集表.xlsx"
else
  echo "workbook input: FAILED: tests/xlsx/workbooks.py could not write the national forms' workbook"
  failed=$((failed + 1))
fi
rm -rf "$book"
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
