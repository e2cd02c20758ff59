#!/usr/bin/env bash
# tests/bench/run.sh BUILD_DIR - the body of `make bench`.
#
# Times build/junheng against the hand-written baseline on a synthetic
# national dataset, times a district-sized run end to end, cross-checks the
# two result files and prints a summary table.
#
# Expects BUILD_DIR/junheng, BUILD_DIR/bench/gen_dataset and
# BUILD_DIR/bench/baseline (built by `make bench`); builds
# BUILD_DIR/bench/compare itself. Everything it writes goes to BUILD_DIR/bench.
#
# Knobs (environment): BENCH_STAGES (200000), BENCH_SEED (20250101),
# BENCH_RUNS (5), BENCH_DISTRICT_STAGES (40), BENCH_DISTRICT_RUNS (10).
# Exit status: 0, or 1 when a program fails or the cross-check finds a
# difference.

set -euo pipefail

BUILD=${1:-build}
OUT=$BUILD/bench
JUNHENG=$BUILD/junheng
GEN=$OUT/gen_dataset
BASELINE=$OUT/baseline
COMPARE=$OUT/compare

STAGES=${BENCH_STAGES:-200000}
SEED=${BENCH_SEED:-20250101}
RUNS=${BENCH_RUNS:-5}
D_STAGES=${BENCH_DISTRICT_STAGES:-40}
D_RUNS=${BENCH_DISTRICT_RUNS:-10}
TARGET_MS=20

NATIONAL=$OUT/national.json
DISTRICT=$OUT/district.json

die() { echo "bench: $*" >&2; exit 1; }

for f in "$JUNHENG" "$GEN" "$BASELINE"; do
    [[ -x $f ]] || die "$f is missing; run 'make bench'"
done
mkdir -p "$OUT"

# ---------------------------------------------------------------- helpers

# Median of the arguments (numbers); mean of the middle two for an even count.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR == 0) { print "nan"; exit }
              if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Value of KEY=… in a stats line.
stat_of() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

# Floating-point arithmetic: calc FORMAT EXPR.
calc() { awk -v fmt="$1" "BEGIN { printf fmt, $2 }"; }

# Regenerates DATASET with gen_dataset when it is absent, older than the
# generator, or was made with other arguments (kept in DATASET.args).
ensure_dataset() {
    local file=$1 n=$2 args="$2 $SEED"
    if [[ ! -s $file || $GEN -nt $file || "$(cat "$file.args" 2>/dev/null)" != "$args" ]]; then
        echo "bench: generating $file ($n school-stages, seed $SEED)"
        rm -f "$file.args"
        "$GEN" "$n" "$file" "$SEED" 2>"$file.gen.txt" || { cat "$file.gen.txt" >&2; die "gen_dataset failed"; }
        echo "$args" >"$file.args"
    fi
}

# Runs a program once, timed; its stderr goes to ERRFILE. Prints the wall
# time in microseconds, from bash's own EPOCHREALTIME read right around the
# command: reading it through a function in $(...) forked a subshell inside
# the timing, a few milliseconds of a district run. The decimal separator
# depends on the locale, hence the digits-only expansion.
# Every run starts on a settled disk (sync, untimed): the write-back that
# the run before left behind (the baseline does not fsync its result) is
# not charged to the next, whose own fsyncs would otherwise wait for it.
# Usage: timed ERRFILE STDOUT-FILE CMD...
timed() {
    local err=$1 out=$2 t0 t1 rc=0
    shift 2
    sync
    t0=${EPOCHREALTIME//[!0-9]/}
    "$@" >"$out" 2>"$err" || rc=$?
    t1=${EPOCHREALTIME//[!0-9]/}
    if ((rc != 0)); then
        cat "$err" >&2
        die "'$*' exited with status $rc"
    fi
    echo $((10#$t1 - 10#$t0))
}

# ------------------------------------------------------------- build/data

if [[ ! -x $COMPARE || tests/bench/compare.c -nt $COMPARE ]]; then
    echo "bench: building $COMPARE"
    "${CC:-cc}" -std=c11 -Wall -Wextra -O2 -g -o "$COMPARE" tests/bench/compare.c -lcjson -lm
fi

ensure_dataset "$NATIONAL" "$STAGES"
ensure_dataset "$DISTRICT" "$D_STAGES"
NAT_BYTES=$(stat -c %s "$NATIONAL")

# One untimed read so that neither program pays for a cold page cache.
cat "$NATIONAL" >/dev/null

# The baseline computes I1-I7 and RA, so the like-for-like comparison runs
# the shipped rules' resource part: the rule-set header, the fields and
# 10-资源配置.jh, a rule set of its own. The whole method is timed after.
RESOURCE_RULES=$OUT/rules-resource
rm -rf "$RESOURCE_RULES"
mkdir -p "$RESOURCE_RULES"
cp rules/优质均衡/00-*.jh rules/优质均衡/01-*.jh rules/优质均衡/10-*.jh "$RESOURCE_RULES"/

# ----------------------------------------------------------- national runs

J_OUT=$OUT/junheng.json
B_OUT=$OUT/baseline.json
RUNLOG=$OUT/runs.txt
: >"$RUNLOG"
JOBS=$(nproc)
# The run time in the manifest is fixed, so that outputs of two runs compare byte for byte.
export SOURCE_DATE_EPOCH=1768438800

# One timed junheng run: appends its figures to the arrays of LABEL
# (LABEL_wall, _read, _eval, _write, _rss) and logs the line. The output goes
# to LABEL's file. Usage: junheng_run LABEL ARGS...
junheng_run() {
    local label=$1 us line
    shift
    us=$(timed "$OUT/$label.err" /dev/null "$JUNHENG" "$@" --format json -o "$OUT/$label.json" --stats)
    line=$(grep -m1 '^junheng: schools=' "$OUT/$label.err") || die "no --stats line from junheng ($label)"
    echo "$label wall_us=$us $line" >>"$RUNLOG"
    eval "${label}_wall+=(\"\$(calc %.6f \"$us / 1e6\")\")"
    local key
    for key in read eval write; do eval "${label}_${key}+=(\"\$(stat_of \"\$line\" ${key}_s)\")"; done
    eval "${label}_rss+=(\"\$(stat_of \"\$line\" peak_rss_kb)\")"
    eval "${label}_results=\$(stat_of \"\$line\" results)"
}

# Prints "wall W s (read+parse R, eval E, write O), peak RSS M MiB = X x input" for LABEL.
medians_of() {
    local label=$1 w r e o m
    eval "w=\$(median \"\${${label}_wall[@]}\"); r=\$(median \"\${${label}_read[@]}\")"
    eval "e=\$(median \"\${${label}_eval[@]}\"); o=\$(median \"\${${label}_write[@]}\"); m=\$(median \"\${${label}_rss[@]}\")"
    printf 'wall %.3f s (read+parse %s, eval %s, write %s), peak RSS %.1f MiB = %.3f x input' \
        "$w" "$r" "$e" "$o" "$(calc %.1f "$m / 1024")" "$(calc %.3f "$m * 1024 / $NAT_BYTES")"
}

declare -a resource_wall resource_read resource_eval resource_write resource_rss
declare -a resource1_wall resource1_read resource1_eval resource1_write resource1_rss
declare -a whole_wall whole_read whole_eval whole_write whole_rss
declare -a whole1_wall whole1_read whole1_eval whole1_write whole1_rss
declare -a b_wall b_read b_eval b_write b_rss
echo "bench: $RUNS runs each of junheng (--jobs $JOBS) and baseline on $NATIONAL, alternating"
for ((i = 1; i <= RUNS; i++)); do
    junheng_run resource eval "$NATIONAL" --rules "$RESOURCE_RULES" --jobs "$JOBS"
    us=$(timed "$OUT/baseline.err" "$B_OUT" "$BASELINE" "$NATIONAL")
    line=$(grep -m1 '^baseline: schools=' "$OUT/baseline.err") || die "no summary line from baseline"
    echo "baseline wall_us=$us $line" >>"$RUNLOG"
    b_wall+=("$(calc %.6f "$us / 1e6")")
    b_read+=("$(stat_of "$line" parse_s)")   # parse_s includes the file read
    b_eval+=("$(stat_of "$line" eval_s)")
    b_write+=("$(stat_of "$line" write_s)")
    b_rss+=("$(stat_of "$line" peak_rss_kb)")
    b_schools=$(stat_of "$line" schools)
    b_stages=$(stat_of "$line" stages)
    printf '  run %d: junheng %.3f s, baseline %.3f s\n' "$i" "${resource_wall[-1]}" "${b_wall[-1]}"
done
cp "$OUT/resource.json" "$J_OUT"

echo "bench: $RUNS runs of junheng --jobs 1 on the resource part, then the whole shipped rule set with --jobs $JOBS and 1"
for ((i = 1; i <= RUNS; i++)); do
    junheng_run resource1 eval "$NATIONAL" --rules "$RESOURCE_RULES" --jobs 1
    junheng_run whole eval "$NATIONAL" --jobs "$JOBS"
    junheng_run whole1 eval "$NATIONAL" --jobs 1
done
if cmp -s "$OUT/whole.json" "$OUT/whole1.json" && cmp -s "$OUT/resource.json" "$OUT/resource1.json"; then
    same_bytes="identical"
else
    same_bytes="DIFFERENT"
fi

# ----------------------------------------------------------- district runs

DJ_OUT=$OUT/district-junheng.json
DB_OUT=$OUT/district-baseline.json
declare -a d_wall d_rules db_wall
echo "bench: $D_RUNS runs each on $DISTRICT"
for ((i = 1; i <= D_RUNS; i++)); do
    us=$(timed "$OUT/district-junheng.err" /dev/null \
        "$JUNHENG" eval "$DISTRICT" --format json -o "$DJ_OUT" --stats)
    line=$(grep -m1 '^junheng: schools=' "$OUT/district-junheng.err") || die "no --stats line from junheng"
    echo "district run $i wall_us=$us $line" >>"$RUNLOG"
    d_wall+=("$(calc %.3f "$us / 1e3")")
    d_rules+=("$(calc %.0f "$(stat_of "$line" rules_s) * 1e3")")
    us=$(timed "$OUT/district-baseline.err" "$DB_OUT" "$BASELINE" "$DISTRICT")
    db_wall+=("$(calc %.3f "$us / 1e3")")
done

# ------------------------------------------------------------ cross-check

echo "bench: cross-checking $J_OUT against $B_OUT"
check_rc=0
"$COMPARE" "$J_OUT" "$B_OUT" >"$OUT/crosscheck.txt" || check_rc=$?
cat "$OUT/crosscheck.txt"
d_check_rc=0
"$COMPARE" "$DJ_OUT" "$DB_OUT" >"$OUT/district-crosscheck.txt" || d_check_rc=$?
if ((d_check_rc != 0)); then
    echo "district:"
    cat "$OUT/district-crosscheck.txt"
fi
((check_rc <= 1 && d_check_rc <= 1)) || die "compare could not read the result files"

# ---------------------------------------------------------------- summary

mj_wall=$(median "${resource_wall[@]}");  mb_wall=$(median "${b_wall[@]}")
mj_read=$(median "${resource_read[@]}");  mb_read=$(median "${b_read[@]}")
mj_eval=$(median "${resource_eval[@]}");  mb_eval=$(median "${b_eval[@]}")
mj_write=$(median "${resource_write[@]}"); mb_write=$(median "${b_write[@]}")
mj_rss=$(median "${resource_rss[@]}");    mb_rss=$(median "${b_rss[@]}")
mw_wall=$(median "${whole_wall[@]}");     mw_rss=$(median "${whole_rss[@]}")
md_wall=$(median "${d_wall[@]}");  md_rules=$(median "${d_rules[@]}")
mdb_wall=$(median "${db_wall[@]}")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
row() { printf '  %-22s %12s %12s %12s\n' "$@"; }
# met when A <= B
target() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; then echo met; else echo "NOT met"; fi; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
nat_mb=$(calc %.1f "$NAT_BYTES / 1048576")
met=$(target "$md_wall" "$TARGET_MS")
if ((check_rc == 0 && d_check_rc == 0)); then
    verdict=$(sed -n 's/^cross-check: \([0-9]* results identical\).*/\1/p' "$OUT/crosscheck.txt")
    verdict="ok, $verdict (+ district)"
else
    verdict="DIFFERENCES, see above ($OUT/crosscheck.txt)"
fi

echo
echo "== junheng bench ($(date -u +%Y-%m-%d), ${cpu:-unknown CPU}, $(nproc) CPUs)"
echo "  national: $NATIONAL: $STAGES school-stages ($b_stages evaluated, $b_schools schools), $nat_mb MiB, seed $SEED"
echo "  medians of $RUNS runs each; junheng --jobs $JOBS results=$resource_results"
row "" junheng baseline "jh/baseline"
row "wall (s)" "$(calc %.3f "$mj_wall")" "$(calc %.3f "$mb_wall")" "$(ratio "$mj_wall" "$mb_wall")"
row "  read+parse (s)" "$mj_read" "$mb_read" "$(ratio "$mj_read" "$mb_read")"
row "  eval (s)" "$mj_eval" "$mb_eval" "$(ratio "$mj_eval" "$mb_eval")"
row "  write (s)" "$mj_write" "$mb_write" "$(ratio "$mj_write" "$mb_write")"
row "peak RSS (MiB)" "$(calc %.1f "$mj_rss / 1024")" "$(calc %.1f "$mb_rss / 1024")" "$(ratio "$mj_rss" "$mb_rss")"
row "peak RSS / input size" "$(calc %.3f "$mj_rss * 1024 / $NAT_BYTES")" \
    "$(calc %.3f "$mb_rss * 1024 / $NAT_BYTES")" ""
row "output (MiB)" "$(calc %.1f "$(stat -c %s "$J_OUT") / 1048576")" \
    "$(calc %.1f "$(stat -c %s "$B_OUT") / 1048576")" ""
echo "  (junheng above runs the resource part of the shipped rules: I1-I7, RA and the CVs, as the baseline)"
echo "  resource part, --jobs 1: $(medians_of resource1)"
echo "  whole method (all 31 indicators, S1, vetoes, roll-ups), results=$whole_results, medians of $RUNS:"
echo "    --jobs $JOBS: $(medians_of whole)"
echo "    --jobs 1: $(medians_of whole1)"
echo "    --jobs $JOBS and --jobs 1 outputs (whole method and resource part): $same_bytes"
echo "  targets:"
echo "    whole method end to end <= 1.5 s: $(calc %.3f "$mw_wall") s, $(target "$mw_wall" 1.5)"
echo "    whole method peak RSS <= 1.0 x input: $(calc %.3f "$mw_rss * 1024 / $NAT_BYTES") x, $(target "$(calc %.6f "$mw_rss * 1024 / $NAT_BYTES")" 1.0)"
echo "    resource part <= 0.75 x the hand-written baseline: $(ratio "$mj_wall" "$mb_wall"), $(target "$(calc %.6f "$mj_wall / $mb_wall")" 0.75)"
echo "  district: $DISTRICT ($D_STAGES school-stages), median of $D_RUNS runs, end to end:"
printf '    junheng %.1f ms (rules load %.0f ms), baseline %.1f ms; target < %d ms: %s\n' \
    "$md_wall" "$md_rules" "$mdb_wall" "$TARGET_MS" "$met"
echo "  cross-check: $verdict"
echo "  (per-run numbers: $RUNLOG)"

((check_rc == 0 && d_check_rc == 0)) && [[ $same_bytes == identical ]]
