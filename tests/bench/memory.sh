#!/usr/bin/env bash
# tests/bench/memory.sh BUILD_DIR - the body of `make bench-memory`.
#
# Checks that each size cap of engine/limits.h bounds resident memory as its
# comment states: for inputs at the cap, of every shape that costs memory
# (honest records, records of nothing, bare numbers, long texts, wide rows,
# GB18030), the peak RSS of `junheng eval` (or explain) minus that of a
# one-school dataset must stay within the multiple of the cap written in
# limits.h ("peak RSS stays within Nx CAP"). Inputs are generated into
# BUILD_DIR/bench/memory (about 550 MB) and removed at the end; nothing is
# timed.
# Exit status: 0, or 1 when a run crashed or went past its stated multiple.

set -euo pipefail
export LC_ALL=C # awk counts bytes

BUILD=${1:-build}
JUNHENG=$BUILD/junheng
OUT=$BUILD/bench/memory
LIMITS=engine/limits.h
TIME=/usr/bin/time

die() { echo "bench-memory: $*" >&2; exit 1; }
[[ -x $JUNHENG ]] || die "$JUNHENG is missing; run 'make'"
[[ -x $TIME ]] || die "$TIME (GNU time, Debian package 'time') is needed to measure peak RSS"
mkdir -p "$OUT"
trap 'rm -rf "$OUT"' EXIT

# A cap in bytes from its #define, written as (Nu << 20).
cap_of() {
    local mib
    mib=$(sed -n "s/^#define $1 (\([0-9]*\)u << 20)$/\1/p" "$LIMITS")
    [[ -n $mib ]] || die "cannot read $1 from $LIMITS"
    echo $((mib << 20))
}
# The multiple the comment before a cap states: "within Nx CAP".
multiple_of() {
    local n
    n=$(sed 's/^ *\*//' "$LIMITS" | tr '\n' ' ' | tr -s ' ' | sed -n "s/.*peak RSS stays within \([0-9]*\)x $1 .*/\1/p")
    [[ -n $n ]] || die "$LIMITS states no 'peak RSS stays within Nx $1'"
    echo "$n"
}

SCHOOL_CAP=$(cap_of JH_MAX_SCHOOL_BYTES)
SCHOOL_K=$(multiple_of JH_MAX_SCHOOL_BYTES)
CSV_CAP=$(cap_of JH_MAX_CSV_FILE_BYTES)
CSV_K=$(multiple_of JH_MAX_CSV_FILE_BYTES)

# Peak RSS in KiB of a junheng run; its exit status must be 0 (evaluated)
# or 1 (refused with a diagnostic), anything else is a failure. What the run
# did goes to $OUT/outcome: "evaluated", or its first error.
peak_kb() {
    local err=$OUT/run.err rc=0
    "$TIME" -f '%M' -o "$OUT/rss" "$JUNHENG" "$@" >/dev/null 2>"$err" || rc=$?
    if ((rc != 0 && rc != 1)); then
        cat "$err" >&2
        die "junheng $* exited with status $rc"
    fi
    if ((rc == 0)); then echo evaluated; else grep -m1 -o '错误: .*' "$err" | sed -e 's/：.*//' -e 's/（.*//'; fi >"$OUT/outcome"
    tail -n 1 "$OUT/rss"
}

failed=0
# check NAME CAP K BASE_KB ARGS...: one input at a cap against its multiple.
check() {
    local name=$1 cap=$2 k=$3 base=$4 kb verdict
    shift 4
    kb=$(peak_kb "$@")
    local ratio
    ratio=$(awk -v kb="$kb" -v base="$base" -v cap="$cap" 'BEGIN { printf "%.2f", (kb - base) * 1024 / cap }')
    if awk -v r="$ratio" -v k="$k" 'BEGIN { exit !(r <= k) }'; then verdict=ok; else verdict="OVER ${k}x"; failed=1; fi
    printf '  %-40s %8.1f MiB %6.2fx cap  %-4s  %s\n' "$name" "$(awk -v kb="$kb" 'BEGIN { print kb / 1024 }')" "$ratio" \
        "$verdict" "$(cat "$OUT/outcome")"
}

# ------------------------------------------------------------------ JSON

HEAD='{"数据集": {"年度": 2025}, "学校": [{"学校代码": "1", "学校类型": "小学", "学段": [{"学段": "小学", "在校生数": 100}], '
# json_school FILE UNIT LIST_KEY: one school whose list LIST_KEY repeats UNIT
# (with its comma) to just under the school cap.
json_school() {
    awk -v cap="$SCHOOL_CAP" -v head="$HEAD" -v unit="$2" -v key="$3" 'BEGIN {
        n = int((cap - length(head) - length(key) - 64) / (length(unit) + 1))
        printf "%s\"%s\": [", head, key
        for (i = 0; i < n; i++) printf "%s%s", (i ? "," : ""), unit
        print "]}]}"
    }' >"$1"
}
json_school "$OUT/rows.json" '{"学段": "小学", "年级": 1, "班号": 1, "学生数": 44}' 班级
json_school "$OUT/bad-rows.json" '{"学段": "小学", "年级": 1, "班号": 1, "学生数": "x"}' 班级
json_school "$OUT/empty-records.json" '{}' 班级
json_school "$OUT/numbers.json" '0' 备注
json_school "$OUT/strings.json" '""' 备注
json_school "$OUT/lists.json" '[[]]' 备注
awk -v cap="$SCHOOL_CAP" -v head="$HEAD" 'BEGIN {
    n = int((cap - length(head) - 64) / 15)
    printf "%s", head
    for (i = 0; i < n; i++) printf "\"k%07d\": 0, ", i
    print "\"备注\": 0}]}"
}' >"$OUT/keys.json"
# As many bare numbers as the memory limit lets be parsed (48 bytes each: a
# JsonNode, engine/jsontree.h): explain then locates every one of them.
MEMORY_FACTOR=$(sed -n 's/^#define JH_MAX_SCHOOL_MEMORY (\([0-9]*\)u \* JH_MAX_SCHOOL_BYTES)$/\1/p' "$LIMITS")
[[ -n $MEMORY_FACTOR ]] || die "cannot read JH_MAX_SCHOOL_MEMORY from $LIMITS"
awk -v n=$((MEMORY_FACTOR * SCHOOL_CAP / 48 - 4096)) -v head="$HEAD" 'BEGIN {
    printf "%s\"备注\": [0", head
    for (i = 1; i < n; i++) printf ",0"
    print "]}]}"
}' >"$OUT/numbers-at-limit.json"
printf '%s"备注": 0}]}\n' "$HEAD" >"$OUT/one.json"

base=$(peak_kb eval "$OUT/one.json")
echo "== JSON: one school at JH_MAX_SCHOOL_BYTES = $((SCHOOL_CAP >> 20)) MiB, stated: peak RSS within ${SCHOOL_K}x the cap above a one-school run ($(awk -v kb="$base" 'BEGIN { printf "%.1f", kb / 1024 }') MiB)"
for shape in rows bad-rows empty-records numbers strings lists keys; do
    check "eval $shape.json" "$SCHOOL_CAP" "$SCHOOL_K" "$base" eval "$OUT/$shape.json"
done
check "explain rows.json (every value located)" "$SCHOOL_CAP" "$SCHOOL_K" "$base" explain "$OUT/rows.json" --school 1
check "explain keys.json" "$SCHOOL_CAP" "$SCHOOL_K" "$base" explain "$OUT/keys.json" --school 1
check "explain numbers-at-limit.json" "$SCHOOL_CAP" "$SCHOOL_K" "$base" explain "$OUT/numbers-at-limit.json" --school 1

# ------------------------------------------------------------------- CSV

# csv_folder DIR: the two required files, one school; the file under test is
# written after.
csv_folder() {
    rm -rf "$1"
    mkdir -p "$1"
    printf '学校代码,学校名称,学校类型\n1,甲,小学\n' >"$1/学校.csv"
    printf '学校代码,学段,在校生数\n1,小学,100\n' >"$1/学段.csv"
}
# fill FILE HEADER UNIT: HEADER then UNIT lines to just under the CSV cap.
fill() {
    awk -v cap="$CSV_CAP" -v header="$2" -v unit="$3" 'BEGIN {
        print header
        n = int((cap - length(header) - 1) / (length(unit) + 1))
        for (i = 0; i < n; i++) print unit
    }' >"$1"
}

csv_folder "$OUT/csv-one"
csv_folder "$OUT/csv-classes"
fill "$OUT/csv-classes/班级.csv" 学校代码,学段,年级,班号,学生数 1,小学,1,1,44
csv_folder "$OUT/csv-gb18030"
for f in "$OUT"/csv-classes/*.csv; do iconv -f UTF-8 -t GB18030 "$f" >"$OUT/csv-gb18030/${f##*/}"; done
csv_folder "$OUT/csv-schools"
awk -v cap="$CSV_CAP" 'BEGIN { print "学校代码"; n = int((cap - 64) / 9); for (i = 0; i < n; i++) printf "%08d\n", i }' >"$OUT/csv-schools/学校.csv"
csv_folder "$OUT/csv-long-cell"
awk -v cap="$CSV_CAP" 'BEGIN {
    printf "学校代码,学校名称\n1,\""
    unit = "名名名名名名名名名名名名名名名名名名名名名x"
    n = int((cap - 64) / length(unit))
    for (i = 0; i < n; i++) printf "%s", unit
    print "\""
}' >"$OUT/csv-long-cell/学校.csv"
csv_folder "$OUT/csv-gb18030-long-cell"
awk -v cap="$CSV_CAP" 'BEGIN {
    printf "\321\247\320\243\264\372\302\353,\321\247\320\243\303\373\263\306\n1,\"" # 学校代码,学校名称
    n = int((cap - 64) / 64)
    for (i = 0; i < n; i++) for (k = 0; k < 32; k++) printf "\303\373" # 名
    print "\""
}' >"$OUT/csv-gb18030-long-cell/学校.csv"
csv_folder "$OUT/csv-wide-row"
awk -v cap="$CSV_CAP" 'BEGIN {
    printf "学校代码,校区名称,在校生数\n1,本部,100"
    n = int((cap - 64) / 64)
    for (i = 0; i < n; i++) printf ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
    print ""
}' >"$OUT/csv-wide-row/校区.csv"
csv_folder "$OUT/csv-wide-header"
awk -v cap="$CSV_CAP" 'BEGIN {
    printf "学校代码"
    n = int((cap - 64) / 64)
    for (i = 0; i < n; i++) printf ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
    print ""
}' >"$OUT/csv-wide-header/专用教室.csv"
csv_folder "$OUT/csv-blank-lines"
fill "$OUT/csv-blank-lines/校区.csv" 学校代码,校区名称,在校生数 ' ,  ,'

base=$(peak_kb eval "$OUT/csv-one")
echo "== CSV: one file at JH_MAX_CSV_FILE_BYTES = $((CSV_CAP >> 20)) MiB, stated: peak RSS within ${CSV_K}x the cap above a one-school run ($(awk -v kb="$base" 'BEGIN { printf "%.1f", kb / 1024 }') MiB)"
for shape in classes gb18030 schools long-cell gb18030-long-cell wide-row wide-header blank-lines; do
    check "eval csv-$shape" "$CSV_CAP" "$CSV_K" "$base" eval "$OUT/csv-$shape"
done
check "explain csv-classes (every value located)" "$CSV_CAP" "$CSV_K" "$base" explain "$OUT/csv-classes" --school 1

if ((failed)); then
    echo "bench-memory: a run went past the multiple stated in $LIMITS" >&2
    exit 1
fi
echo "bench-memory: every cap holds its stated multiple"
