/*
 * gen_dataset.c - deterministic synthetic national-scale dataset for `make bench`.
 *
 * Usage: gen_dataset SCHOOL_STAGES OUT.json [SEED] [--pretty] [--full]
 *
 * Writes a dataset in the JSON layout of spec/data.md with SCHOOL_STAGES
 * compulsory school-stage records (小学 / 初中 records; the 高中 records of
 * 十二年一贯制 schools are extra). The same SCHOOL_STAGES and SEED always give
 * the same bytes (own splitmix64 generator, integer/fixed-point formatting).
 *
 * Layout: by default the header and the county object are pretty-printed and
 * each school is written compactly on its own line (a typical machine
 * export). Fields that a real export would leave empty are omitted (no
 * construction in progress, no rented venue, inspection-only fields of
 * schools that were not sampled for on-site inspection, ...). This lands
 * 200000 school-stages at about 150 MB.
 *   --pretty  2-space indentation, one key per line, everywhere.
 *   --full    every school and stage field on every record, 班级 rows for
 *             20% and 专用教室 rows for every school (much larger file).
 *
 * The values are spread so that every outcome of method.md §2-§4 occurs:
 * passes, fails, every exception clause, values exactly on a threshold or on
 * 85% of it, missing fields and zero denominators.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ PRNG */

typedef struct {
    uint64_t s;
} Rng;

static uint64_t rng_u64(Rng *r)
{
    /* splitmix64 */
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double rng_u01(Rng *r)
{
    return (double)(rng_u64(r) >> 11) * (1.0 / 9007199254740992.0);
}

static double rng_uni(Rng *r, double lo, double hi)
{
    return lo + (hi - lo) * rng_u01(r);
}

/* Uniform integer in [lo, hi]. */
static int rng_int(Rng *r, int lo, int hi)
{
    return lo + (int)(rng_u64(r) % (uint64_t)(hi - lo + 1));
}

static int rng_chance(Rng *r, double p)
{
    return rng_u01(r) < p;
}

/* ---------------------------------------------------------- JSON writer */

#define WBUF_SIZE (1u << 20)
#define MAX_DEPTH 32

typedef struct {
    FILE *f;
    char *buf;
    size_t pos;
    int depth;
    int pretty_depth;           /* members at depth <= this get their own line */
    unsigned char first[MAX_DEPTH];
    unsigned long long total;   /* bytes written */
    int io_error;
} Jw;

static void jw_flush(Jw *w)
{
    if (w->pos > 0) {
        if (fwrite(w->buf, 1, w->pos, w->f) != w->pos)
            w->io_error = 1;
        w->total += w->pos;
        w->pos = 0;
    }
}

static void jw_reserve(Jw *w, size_t n)
{
    if (w->pos + n > WBUF_SIZE)
        jw_flush(w);
}

static void jw_raw(Jw *w, const char *s, size_t n)
{
    if (n > WBUF_SIZE / 2) {
        jw_flush(w);
        if (fwrite(s, 1, n, w->f) != n)
            w->io_error = 1;
        w->total += n;
        return;
    }
    jw_reserve(w, n);
    memcpy(w->buf + w->pos, s, n);
    w->pos += n;
}

static void jw_ch(Jw *w, char c)
{
    jw_reserve(w, 1);
    w->buf[w->pos++] = c;
}

static void jw_newline(Jw *w, int depth)
{
    jw_reserve(w, 1 + 2 * (size_t)depth);
    w->buf[w->pos++] = '\n';
    for (int i = 0; i < depth; i++) {
        w->buf[w->pos++] = ' ';
        w->buf[w->pos++] = ' ';
    }
}

/* Separator before a member or element of the current container. */
static void jw_sep(Jw *w)
{
    if (!w->first[w->depth])
        jw_ch(w, ',');
    w->first[w->depth] = 0;
    if (w->depth <= w->pretty_depth)
        jw_newline(w, w->depth);
}

static void jw_open(Jw *w, char c)
{
    jw_ch(w, c);
    w->depth++;
    w->first[w->depth] = 1;
}

static void jw_close(Jw *w, char c)
{
    int had_members = !w->first[w->depth];
    int was_pretty = w->depth <= w->pretty_depth;
    w->depth--;
    if (had_members && was_pretty)
        jw_newline(w, w->depth);
    jw_ch(w, c);
}

/* Strings written here are generated text without quotes or backslashes. */
static void jw_str(Jw *w, const char *s)
{
    jw_ch(w, '"');
    jw_raw(w, s, strlen(s));
    jw_ch(w, '"');
}

static void jw_key(Jw *w, const char *k)
{
    jw_sep(w);
    jw_str(w, k);
    if (w->depth <= w->pretty_depth)
        jw_raw(w, ": ", 2);
    else
        jw_ch(w, ':');
}

static void jw_ll(Jw *w, long long v)
{
    char tmp[24];
    int n = 0;
    unsigned long long u;
    if (v < 0) {
        jw_ch(w, '-');
        u = (unsigned long long)(-(v + 1)) + 1u;
    } else {
        u = (unsigned long long)v;
    }
    do {
        tmp[n++] = (char)('0' + (int)(u % 10u));
        u /= 10u;
    } while (u);
    jw_reserve(w, (size_t)n);
    while (n > 0)
        w->buf[w->pos++] = tmp[--n];
}

/* A fixed-point value (scaled by 10^dec) printed with trailing zeros of the
 * fraction removed; an integral value is printed with no fraction. */
static void jw_fixed(Jw *w, long long scaled, int dec)
{
    long long p = 1;
    for (int i = 0; i < dec; i++)
        p *= 10;
    if (scaled < 0) {
        jw_ch(w, '-');
        scaled = -scaled;
    }
    long long ip = scaled / p, fp = scaled % p;
    jw_ll(w, ip);
    if (fp == 0)
        return;
    char digits[20];
    int nd = dec;
    for (int i = dec - 1; i >= 0; i--) {
        digits[i] = (char)('0' + (int)(fp % 10));
        fp /= 10;
    }
    while (nd > 0 && digits[nd - 1] == '0')
        nd--;
    jw_ch(w, '.');
    jw_raw(w, digits, (size_t)nd);
}

static void jw_bool(Jw *w, int b)
{
    if (b)
        jw_raw(w, "true", 4);
    else
        jw_raw(w, "false", 5);
}

static void kv_int(Jw *w, const char *k, long long v)
{
    jw_key(w, k);
    jw_ll(w, v);
}

static void kv_fixed(Jw *w, const char *k, long long scaled, int dec)
{
    jw_key(w, k);
    jw_fixed(w, scaled, dec);
}

static void kv_bool(Jw *w, const char *k, int b)
{
    jw_key(w, k);
    jw_bool(w, b);
}

static void kv_str(Jw *w, const char *k, const char *s)
{
    jw_key(w, k);
    jw_str(w, s);
}

/* ------------------------------------------------------------ the model */

enum { T_PRIMARY, T_JUNIOR, T_NINE, T_TWELVE, T_POINT, T_SPECIAL };
static const char *const TYPE_NAME[] = {
    "小学", "初中", "九年一贯制", "十二年一贯制", "教学点", "特殊教育学校"
};

enum { U_CITY, U_TOWN, U_RURAL };
static const char *const URBAN_NAME[] = { "城区", "镇区", "乡村" };

enum { S_PRIMARY, S_JUNIOR, S_SENIOR };
static const char *const STAGE_NAME[] = { "小学", "初中", "高中" };

/* Thresholds of method.md §4 used to place generated values around them;
 * 高中 columns are only plausible magnitudes for its share of resources. */
static const double THR_HI[2] = { 4.2, 5.3 };
static const double THR_BACKBONE = 1.0;
static const double THR_PEART = 0.9;
static const double THR_AREA[3] = { 4.5, 5.8, 6.5 };
static const double THR_SPORT[3] = { 7.5, 10.2, 11.0 };
static const double THR_EQUIP[3] = { 2000.0, 2500.0, 3200.0 };
static const double THR_MM[3] = { 2.3, 2.4, 2.6 };
/* The same thresholds in thousandths, for values placed exactly on them. */
static const long long THR_AREA_MILLI[2] = { 4500, 5800 };
static const long long THR_SPORT_MILLI[2] = { 7500, 10200 };

static const char *const RATING[] = { "优秀", "良好", "合格", "不合格" };

/* Stage fields that are occasionally missing (about 0.5% of stage records). */
static const char *const DROPPABLE[] = {
    "高于规定学历教师数", "县级以上骨干教师数", "体育专任教师数", "艺术专任教师数"
};

typedef struct {
    int kind;
    int n;
    int years, years_given;
    int start, start_given;
    int start_classes;
    int classes;
    int hi, backbone, pe, art;
    int rot, has_rot;
    int enrol_new, nearby, has_enrol;
    int drop;                   /* index into DROPPABLE, or -1 */
    long long own_area_milli;   /* stage carries its own value; <0: absent */
    long long own_mm;           /* <0: absent */
    double class_size;
} Stage;

typedef struct {
    int pretty, full;
    double p_inspect;   /* share of schools with the on-site inspection fields */
    double p_classes;   /* share of schools with 班级 rows */
    double p_rooms;     /* share of schools with 专用教室 rows */
} Options;

/* Ratio to threshold for a generated resource value: most pass, some are
 * between 85% and 100%, some are below 85%. */
static double factor(Rng *r)
{
    double u = rng_u01(r);
    if (u < 0.80)
        return rng_uni(r, 1.0, 1.8);
    if (u < 0.92)
        return rng_uni(r, 0.85, 1.0);
    return rng_uni(r, 0.5, 0.85);
}

static int rating_index(Rng *r)
{
    double u = rng_u01(r);
    if (u < 0.30)
        return 0;
    if (u < 0.80)
        return 1;
    if (u < 0.97)
        return 2;
    return 3;
}

static int stage_enrolment(Rng *r, int kind, int urban)
{
    if (kind == S_PRIMARY) {
        if (urban == U_CITY)
            return rng_int(r, 500, 2600);
        if (urban == U_TOWN)
            return rng_int(r, 250, 1500);
        return rng_chance(r, 0.35) ? rng_int(r, 20, 99) : rng_int(r, 100, 700);
    }
    if (kind == S_JUNIOR) {
        if (urban == U_CITY)
            return rng_int(r, 500, 2400);
        if (urban == U_TOWN)
            return rng_int(r, 300, 1800);
        return rng_chance(r, 0.12) ? rng_int(r, 40, 150) : rng_int(r, 150, 900);
    }
    return rng_int(r, 300, 2200);
}

static const char *const SYLL[] = {
    "安", "平", "东", "西", "南", "北", "清", "河", "山", "阳", "宁", "远", "长", "乐",
    "新", "兴", "华", "丰", "永", "和", "泰", "青", "石", "桥", "云", "江", "湖", "水",
    "林", "城", "阜", "昌", "武", "文", "福", "德", "临", "沙", "金", "玉", "白", "龙",
    "凤", "溪", "源", "川", "岭", "田", "明", "宝", "高", "广", "盛", "嘉", "常", "春"
};
#define NSYLL ((int)(sizeof SYLL / sizeof SYLL[0]))

static const char *const NUMERAL[] = {
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"
};

static const int PROVINCES[] = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
    42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65
};
#define NPROV ((int)(sizeof PROVINCES / sizeof PROVINCES[0]))

static void two_syllables(Rng *r, char *out, size_t cap, const char *suffix)
{
    snprintf(out, cap, "%s%s%s", SYLL[rng_int(r, 0, NSYLL - 1)],
             SYLL[rng_int(r, 0, NSYLL - 1)], suffix);
}

static long long round_tenth_milli(double x)
{
    /* x in units; result in thousandths rounded to a tenth */
    return llround(x * 10.0) * 100;
}

/* ---------------------------------------------------------- the county */

static void write_county(Jw *w, Rng *r, long stages)
{
    double scale = (double)stages / 200.0; /* about 200 stages per county */
    if (scale < 1.0)
        scale = 1.0;
    long teachers = (long)(scale * 2400.0);
    long exchange_ok = (long)(teachers * rng_uni(r, 0.3, 0.4));
    long exchanged = (long)(exchange_ok * rng_uni(r, 0.08, 0.16));
    long migrants = (long)(scale * 3000.0);
    long grads = (long)(scale * 4200.0);
    long cohort = (long)(grads * rng_uni(r, 0.97, 1.03));
    long disabled = (long)(scale * 60.0);

    jw_key(w, "县级");
    jw_open(w, '{');
    kv_bool(w, "学校布局规划经政府批复", 1);
    kv_bool(w, "新建小区配建学校落实", rng_chance(r, 0.9));
    kv_fixed(w, "民办在校生占比", rng_int(r, 20, 70), 3);
    kv_bool(w, "建设标准统一", 1);
    kv_bool(w, "编制标准统一", 1);
    kv_bool(w, "公用经费基准定额统一", 1);
    kv_bool(w, "装备配置标准统一", rng_chance(r, 0.9));
    kv_fixed(w, "特殊教育生均公用经费", rng_int(r, 5800, 8000) * 100LL, 2);
    kv_fixed(w, "教师平均工资收入", rng_int(r, 90000, 120000) * 100LL, 2);
    kv_fixed(w, "公务员平均工资收入", rng_int(r, 90000, 115000) * 100LL, 2);
    kv_bool(w, "绩效工资足额核定", 1);
    kv_int(w, "五年周期应培训教师数", teachers);
    kv_int(w, "完成360学时教师数", teachers - (rng_chance(r, 0.7) ? 0 : rng_int(r, 1, 50)));
    kv_bool(w, "编制岗位统筹分配", 1);
    kv_int(w, "符合交流条件教师数", exchange_ok);
    kv_int(w, "交流轮岗教师数", exchanged);
    kv_int(w, "交流轮岗骨干教师数", (long)(exchanged * rng_uni(r, 0.15, 0.35)));
    long plan = (long)(scale * 2600.0);
    jw_key(w, "优质高中"); /* one record per 优质高中 (I21) */
    jw_open(w, '[');
    jw_sep(w);
    jw_open(w, '{');
    kv_str(w, "名称", "第一中学");
    kv_int(w, "招生计划数", plan);
    kv_int(w, "分配到初中名额数", (long)(plan * rng_uni(r, 0.48, 0.6)));
    jw_close(w, '}');
    jw_close(w, ']');
    kv_fixed(w, "农村初中名额分配比例", rng_int(r, 500, 650), 3);
    kv_fixed(w, "城区初中名额分配比例", rng_int(r, 450, 600), 3);
    kv_bool(w, "留守儿童关爱体系健全", 1);
    kv_int(w, "符合条件随迁子女数", migrants);
    kv_int(w, "公办学校就读随迁子女数", (long)(migrants * rng_uni(r, 0.7, 0.9)));
    kv_int(w, "购买服务民办就读随迁子女数", (long)(migrants * rng_uni(r, 0.02, 0.08)));
    kv_int(w, "初中毕业生数", grads);
    kv_int(w, "三年内转入复学增加数", (long)(grads * rng_uni(r, 0.01, 0.03)));
    kv_int(w, "三年内休学转出减少数", (long)(grads * rng_uni(r, 0.01, 0.03)));
    kv_int(w, "三年前初一学生数", cohort);
    kv_int(w, "残疾儿童少年入学人数", (long)(disabled * rng_uni(r, 0.93, 1.0)));
    kv_int(w, "适龄残疾儿童少年总数", disabled);

    static const char *const SUBJECTS[] = { "语文", "数学", "科学", "体育与健康", "艺术", "德育" };
    static const char *const LEVELS[] = { "Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ" };
    jw_key(w, "质量监测");
    jw_open(w, '[');
    for (int i = 0; i < 6; i++) {
        jw_sep(w);
        jw_open(w, '{');
        kv_str(w, "学科", SUBJECTS[i]);
        kv_str(w, "学业水平等级", LEVELS[rng_chance(r, 0.85) ? rng_int(r, 2, 3) : 1]);
        kv_fixed(w, "校际差异率", rng_int(r, 40, 170), 3);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    kv_fixed(w, "社会认可度", rng_int(r, 820, 960), 3);
    kv_bool(w, "以考试方式招生", 0);
    kv_bool(w, "违规择校", 0);
    kv_bool(w, "设重点校重点班", 0);
    kv_bool(w, "重大安全责任事故", 0);
    kv_bool(w, "弄虚作假", 0);
    jw_close(w, '}');
}

/* ---------------------------------------------------------- one school */

typedef struct {
    long school_index;   /* running school number */
    long county_index;
    int county_left;     /* schools left in the current county */
    int serial;          /* serial of the school within its county */
    char county_code[24];
    char county_name[32];
} Place;

static void next_county(Rng *r, Place *pl)
{
    long c = pl->county_index++;
    int prov = PROVINCES[c % NPROV];
    long k = c / NPROV;
    int city = 1 + (int)((k / 30) % 99);
    int county = 1 + (int)(k % 30);
    snprintf(pl->county_code, sizeof pl->county_code, "%02d%02d%02d", prov, city, county);
    static const char *const SUFFIX[] = { "县", "县", "区", "市" };
    two_syllables(r, pl->county_name, sizeof pl->county_name, SUFFIX[rng_int(r, 0, 3)]);
    pl->county_left = rng_int(r, 30, 120);
    pl->serial = 0;
}

static void write_classes(Jw *w, Rng *r, const Stage *st)
{
    int years = st->years;
    int first_grade = st->kind == S_PRIMARY ? 1 : 7;
    int rest = st->n - st->start;
    for (int g = 0; g < years; g++) {
        int count = g == 0 ? st->start : rest / (years - 1) + (g <= rest % (years - 1) ? 1 : 0);
        if (count <= 0)
            continue;
        int k = (int)ceil(count / st->class_size);
        if (k < 1)
            k = 1;
        int base = count / k, extra = count % k;
        /* An oversized class now and then, its pupils taken from the
         * grade's last class: the stage's classes still add up to its
         * 在校生数, as the rules check (核对合计). */
        int moved = 0;
        for (int c = 0; c < k; c++) {
            int size = base + (c < extra ? 1 : 0);
            if (rng_chance(r, 0.015)) {
                int more = rng_int(r, 3, 14);
                if (c < k - 1 && base - moved - more >= 1) {
                    size += more;
                    moved += more;
                }
            }
            if (c == k - 1)
                size -= moved;
            jw_sep(w);
            jw_open(w, '{');
            kv_str(w, "学段", STAGE_NAME[st->kind]);
            kv_int(w, "年级", first_grade + g);
            kv_int(w, "班号", c + 1);
            kv_int(w, "学生数", size);
            jw_close(w, '}');
        }
    }
}

/* Generates and writes one school; returns the number of compulsory stage
 * records it has. `room` is how many compulsory stage records may still be
 * written. */
static int write_school(Jw *w, Rng *r, Place *pl, const Options *opt, long room)
{
    if (pl->county_left <= 0 || pl->serial >= 9999)
        next_county(r, pl);
    pl->county_left--;
    pl->serial++;
    pl->school_index++;

    /* type */
    double u = rng_u01(r);
    int type;
    if (u < 0.10)
        type = T_NINE;
    else if (u < 0.12)
        type = T_TWELVE;
    else if (u < 0.13)
        type = T_SPECIAL;
    else if (u < 0.16)
        type = T_POINT;
    else if (u < 0.40)
        type = T_JUNIOR;
    else
        type = T_PRIMARY;
    int special_two = type == T_SPECIAL && rng_chance(r, 0.5);
    if (room < 2 && (type == T_NINE || type == T_TWELVE || special_two)) {
        type = T_PRIMARY;
        special_two = 0;
    }

    /* urban/rural */
    int urban;
    if (type == T_POINT)
        urban = rng_chance(r, 0.88) ? U_RURAL : U_TOWN;
    else if (type == T_SPECIAL)
        urban = rng_chance(r, 0.6) ? U_CITY : U_TOWN;
    else {
        double v = rng_u01(r);
        urban = v < 0.30 ? U_CITY : v < 0.63 ? U_TOWN : U_RURAL;
    }
    int is_public = rng_chance(r, 0.92);
    int boarding = rng_chance(r, urban == U_RURAL && type != T_PRIMARY ? 0.6 : 0.12);
    int five_four = (type == T_NINE || type == T_TWELVE) && rng_chance(r, 0.02);

    /* stages */
    Stage st[3];
    int nst = 0;
    int kinds[3];
    switch (type) {
    case T_PRIMARY: case T_POINT:
        kinds[nst++] = S_PRIMARY;
        break;
    case T_JUNIOR:
        kinds[nst++] = S_JUNIOR;
        break;
    case T_NINE:
        kinds[nst++] = S_PRIMARY;
        kinds[nst++] = S_JUNIOR;
        break;
    case T_TWELVE:
        kinds[nst++] = S_PRIMARY;
        kinds[nst++] = S_JUNIOR;
        kinds[nst++] = S_SENIOR;
        break;
    default: /* T_SPECIAL */
        kinds[nst++] = S_PRIMARY;
        if (special_two)
            kinds[nst++] = S_JUNIOR;
        break;
    }
    int compulsory = 0;
    long total_n = 0;
    for (int i = 0; i < nst; i++) {
        Stage *s = &st[i];
        memset(s, 0, sizeof *s);
        s->kind = kinds[i];
        s->drop = -1;
        s->own_area_milli = -1;
        s->own_mm = -1;
        if (type == T_POINT)
            s->n = rng_int(r, 8, 130);
        else if (type == T_SPECIAL)
            s->n = rng_int(r, 30, 220);
        else
            s->n = stage_enrolment(r, s->kind, urban);
        if (s->kind == S_SENIOR && rng_chance(r, 0.05))
            s->n = 0; /* 高中 part not enrolling yet */
        total_n += s->n;
        if (s->kind == S_SENIOR)
            continue;
        compulsory++;
        int k = s->kind; /* 0 or 1 */
        s->years = k == S_PRIMARY ? 6 : 3;
        if (five_four) {
            s->years = k == S_PRIMARY ? 5 : 4;
            s->years_given = 1;
        } else if (rng_chance(r, opt->full ? 1.0 : 0.04)) {
            s->years_given = 1;
        }
        s->class_size = s->n < 150 ? rng_uni(r, 12, 30)
                        : k == S_PRIMARY ? rng_uni(r, 36, 46) : rng_uni(r, 40, 52);
        double g = rng_chance(r, 0.7) ? rng_uni(r, 0.9, 1.15) : rng_uni(r, 0.5, 0.9);
        s->start = (int)lround(s->n / (double)s->years * g);
        if (s->start > s->n)
            s->start = s->n;
        s->start_given = 1;
        if (rng_chance(r, 0.002))
            s->start = 0; /* no new intake this year: zero denominator in E2 */
        else if (rng_chance(r, 0.003))
            s->start_given = 0;
        s->start_classes = s->start > 0 ? (int)ceil(s->start / s->class_size) : 0;
        s->classes = (int)ceil(s->n / s->class_size);
        if (s->classes < 1)
            s->classes = 1;
        s->hi = (int)lround(s->n * THR_HI[k] / 100.0 * factor(r));
        s->backbone = (int)lround(s->n * THR_BACKBONE / 100.0 * factor(r));
        int peart = (int)lround(s->n * THR_PEART / 100.0 * factor(r));
        s->pe = (peart + rng_int(r, 0, 1)) / 2;
        s->art = peart - s->pe;
        if (urban == U_RURAL || opt->full) {
            s->has_rot = 1;
            s->rot = urban == U_RURAL && rng_chance(r, 0.6) ? rng_int(r, 1, 3) : 0;
        }
        s->enrol_new = s->start + (s->start > 10 ? rng_int(r, -3, 3) : 0);
        if (s->enrol_new < 0)
            s->enrol_new = 0;
        s->nearby = rng_chance(r, 0.85) ? s->enrol_new : (int)(s->enrol_new * rng_uni(r, 0.85, 0.99));
        s->has_enrol = opt->full || (is_public && urban != U_RURAL && !boarding);
        if (rng_chance(r, 0.005))
            s->drop = rng_int(r, 0, 3);
    }

    /* school-level resources, placed around the thresholds */
    double need_area = 0, need_sport = 0, need_equip = 0, need_mm = 0;
    for (int i = 0; i < nst; i++) {
        need_area += THR_AREA[st[i].kind] * st[i].n;
        need_sport += THR_SPORT[st[i].kind] * st[i].n;
        need_equip += THR_EQUIP[st[i].kind] * st[i].n;
        need_mm += THR_MM[st[i].kind] * st[i].n / 100.0;
    }
    long long area = round_tenth_milli(need_area * factor(r));
    long long sport = round_tenth_milli(need_sport * factor(r) * (urban == U_CITY ? 0.8 : 1.0));
    double fe = factor(r);
    if (rng_chance(r, 0.06))
        fe *= rng_uni(r, 2.0, 5.0);
    long long equip_cents = llround(need_equip * fe * 100.0);
    double fm = factor(r);
    if (rng_chance(r, 0.05))
        fm *= rng_uni(r, 2.0, 4.0);
    long long mm = llround(need_mm * fm);
    if (nst == 1 && st[0].kind != S_SENIOR && st[0].n > 0) {
        /* values exactly on a threshold or on 85% of it (tolerance cases) */
        int k = st[0].kind;
        double v = rng_u01(r);
        if (v < 0.004)
            area = THR_AREA_MILLI[k] * st[0].n;
        else if (v < 0.008)
            area = THR_AREA_MILLI[k] * 85 / 100 * st[0].n;
        v = rng_u01(r);
        if (v < 0.003)
            sport = THR_SPORT_MILLI[k] * st[0].n;
        else if (v < 0.006)
            sport = THR_SPORT_MILLI[k] * 85 / 100 * st[0].n;
    }
    long long area_build = -1, sport_build = -1, rent = -1;
    if (rng_chance(r, 0.12))
        area_build = round_tenth_milli(area / 1000.0 * rng_uni(r, 0.05, 0.6));
    else if (opt->full)
        area_build = 0;
    if (rng_chance(r, 0.08))
        sport_build = round_tenth_milli(sport / 1000.0 * rng_uni(r, 0.05, 0.6));
    else if (opt->full)
        sport_build = 0;
    if (rng_chance(r, urban == U_CITY ? 0.2 : 0.03))
        rent = round_tenth_milli(rng_uni(r, 300, 4000));
    else if (opt->full)
        rent = 0;
    int drop_equip = rng_chance(r, 0.001);
    int drop_urban = rng_chance(r, 0.001);
    if (nst >= 2 && rng_chance(r, 0.01)) {
        /* the 小学 record carries its own values (used as given, §3) */
        st[0].own_area_milli = round_tenth_milli(THR_AREA[S_PRIMARY] * st[0].n * factor(r));
        if (rng_chance(r, 0.5))
            st[0].own_mm = llround(THR_MM[S_PRIMARY] * st[0].n / 100.0 * factor(r));
    }

    /* ---- write */
    char code[40], name[96];
    snprintf(code, sizeof code, "%s%04d", pl->county_code, pl->serial);
    {
        char place[32];
        if (type == T_SPECIAL) {
            snprintf(name, sizeof name, "%s特殊教育学校", pl->county_name);
        } else if (urban == U_CITY) {
            const char *kind_name = type == T_PRIMARY ? "小学" : type == T_JUNIOR ? "中学"
                                    : type == T_NINE ? "实验学校" : "外国语学校";
            snprintf(name, sizeof name, "%s第%s%s", pl->county_name,
                     NUMERAL[rng_int(r, 0, 9)], kind_name);
        } else {
            two_syllables(r, place, sizeof place, urban == U_TOWN ? "镇" : "乡");
            const char *kind_name = type == T_PRIMARY ? "中心小学" : type == T_JUNIOR ? "初级中学"
                                    : type == T_POINT ? "教学点" : type == T_NINE ? "九年一贯制学校"
                                    : "完全中学";
            snprintf(name, sizeof name, "%s%s%s", pl->county_name, place, kind_name);
        }
    }

    jw_sep(w);
    jw_open(w, '{');
    kv_str(w, "学校代码", code);
    kv_str(w, "学校名称", name);
    kv_str(w, "学校类型", TYPE_NAME[type]);
    kv_str(w, "办学性质", is_public ? "公办" : "民办");
    if (!drop_urban)
        kv_str(w, "城乡类型", URBAN_NAME[urban]);
    kv_bool(w, "寄宿制", boarding);
    kv_int(w, "规划建设年份", rng_chance(r, 0.4) ? rng_int(r, 1955, 2016) : rng_int(r, 2017, 2024));
    kv_fixed(w, "教学及辅助用房面积", area, 3);
    if (area_build >= 0)
        kv_fixed(w, "在建教学及辅助用房面积", area_build, 3);
    kv_fixed(w, "体育运动场馆面积", sport, 3);
    if (sport_build >= 0)
        kv_fixed(w, "在建体育运动场馆面积", sport_build, 3);
    if (rent >= 0)
        kv_fixed(w, "租赁体育运动场馆面积", rent, 3);
    if (!drop_equip)
        kv_fixed(w, "教学仪器设备值", equip_cents, 2);
    kv_int(w, "网络多媒体教室数", mm);
    if (urban == U_CITY ? rng_chance(r, 0.4) : opt->full)
        kv_bool(w, "一校一案化解方案", urban == U_CITY && rng_chance(r, 0.6));
    if (total_n > 2000 || opt->full || (urban == U_CITY && rng_chance(r, 0.1)))
        kv_bool(w, "大校额化解方案", total_n > 2000 && rng_chance(r, 0.7));
    kv_bool(w, "课程开齐开足", rng_chance(r, 0.93));
    int inspected = rng_chance(r, opt->p_inspect);
    if (urban == U_CITY || inspected || opt->full)
        kv_bool(w, "体育课开齐开足", rng_chance(r, 0.94));
    if (rent >= 0) { /* I5.E1's other two conditions, with the rented area */
        kv_bool(w, "租赁场馆保障上课时间专用", rng_chance(r, 0.9));
        kv_bool(w, "体育大课间活动正常开展", rng_chance(r, 0.95));
    }
    if (inspected)
        kv_bool(w, "音乐美术课开齐开足", rng_chance(r, 0.92));
    if (opt->full || rng_chance(r, 0.08))
        kv_int(w, "政府批复规模", (long long)(total_n * rng_uni(r, 0.9, 1.4) / 50.0) * 50 + 50);
    if (opt->full || (urban != U_RURAL && rng_chance(r, 0.08)))
        kv_bool(w, "挖潜扩容优质学校", urban != U_RURAL && rng_chance(r, 0.9));
    if (opt->full || (urban == U_RURAL && total_n < 100) || rng_chance(r, 0.05))
        kv_int(w, "公用经费核定学生数", total_n < 100 && rng_chance(r, 0.8) ? 100 : total_n);
    int teachers = (int)lround(total_n / rng_uni(r, 12.0, 19.0)) + 1;
    kv_int(w, "专任教师数", teachers);
    kv_int(w, "持证专任教师数", rng_chance(r, 0.95) ? teachers : teachers - rng_int(r, 1, 3 > teachers ? teachers : 3));
    if (inspected) {
        long long budget = llround(total_n * rng_uni(r, 600, 1200)) * 100;
        kv_bool(w, "有学校章程", rng_chance(r, 0.97));
        kv_bool(w, "管理与教学信息化", rng_chance(r, 0.93));
        kv_fixed(w, "教师培训经费", (long long)(budget * rng_uni(r, 0.035, 0.09)), 2);
        kv_fixed(w, "公用经费预算总额", budget, 2);
        kv_str(w, "信息化教学应用评价", RATING[rating_index(r)]);
        kv_str(w, "德育工作评价", RATING[rating_index(r)]);
        kv_str(w, "校园文化评价", RATING[rating_index(r)]);
        kv_bool(w, "三年内重大恶性事件", rng_chance(r, 0.01));
        kv_bool(w, "教学秩序规范", rng_chance(r, 0.97));
        kv_bool(w, "综合实践活动有效开展", rng_chance(r, 0.95));
        kv_bool(w, "无过重课业负担", rng_chance(r, 0.95));
        kv_fixed(w, "劳动教育周课时", rng_chance(r, 0.9) ? 10 : rng_chance(r, 0.5) ? 5 : 20, 1);
    }

    int with_classes = !five_four && rng_chance(r, opt->p_classes);

    jw_key(w, "学段");
    jw_open(w, '[');
    for (int i = 0; i < nst; i++) {
        const Stage *s = &st[i];
        jw_sep(w);
        jw_open(w, '{');
        kv_str(w, "学段", STAGE_NAME[s->kind]);
        kv_int(w, "在校生数", s->n);
        if (s->kind != S_SENIOR) {
            if (s->start_given)
                kv_int(w, "起始年级学生数", s->start);
            kv_int(w, "起始年级班级数", s->start_classes);
            if (!with_classes || opt->full)
                kv_int(w, "班级数", s->classes);
            if (s->years_given)
                kv_int(w, "学制年数", s->years);
            if (s->drop != 0)
                kv_int(w, DROPPABLE[0], s->hi);
            if (s->drop != 1)
                kv_int(w, DROPPABLE[1], s->backbone);
            if (s->drop != 2)
                kv_int(w, DROPPABLE[2], s->pe);
            if (s->drop != 3)
                kv_int(w, DROPPABLE[3], s->art);
            if (s->has_rot)
                kv_int(w, "交流轮岗兼职走教体艺教师数", s->rot);
            if (s->has_enrol) {
                kv_int(w, "招生数", s->enrol_new);
                kv_int(w, "就近划片入学新生数", s->nearby);
            }
            if (s->own_area_milli >= 0)
                kv_fixed(w, "教学及辅助用房面积", s->own_area_milli, 3);
            if (s->own_mm >= 0)
                kv_int(w, "网络多媒体教室数", s->own_mm);
        }
        jw_close(w, '}');
    }
    jw_close(w, ']');

    if (with_classes) {
        jw_key(w, "班级");
        jw_open(w, '[');
        for (int i = 0; i < nst; i++)
            if (st[i].kind != S_SENIOR)
                write_classes(w, r, &st[i]);
        jw_close(w, ']');
    }

    if (rng_chance(r, 0.01) && total_n > 300) {
        int main_n = (int)(total_n * rng_uni(r, 0.5, 0.8));
        jw_key(w, "校区");
        jw_open(w, '[');
        jw_sep(w);
        jw_open(w, '{');
        kv_str(w, "校区名称", "本部");
        kv_int(w, "在校生数", main_n);
        jw_close(w, '}');
        jw_sep(w);
        jw_open(w, '{');
        kv_str(w, "校区名称", "分校区");
        kv_int(w, "在校生数", total_n - main_n);
        jw_close(w, '}');
        jw_close(w, ']');
    }

    if (rng_chance(r, opt->p_rooms)) {
        int classes = 0;
        for (int i = 0; i < nst; i++)
            if (st[i].kind != S_SENIOR)
                classes += st[i].classes;
        int need = (classes + 11) / 12;
        jw_key(w, "专用教室");
        jw_open(w, '[');
        for (int t = 0; t < 2; t++) {
            int rooms = need + rng_int(r, -1, 1);
            if (rooms < 1)
                rooms = 1;
            for (int i = 0; i < rooms; i++) {
                jw_sep(w);
                jw_open(w, '{');
                kv_str(w, "类型", t == 0 ? "音乐" : "美术");
                kv_fixed(w, "面积", rng_int(r, 600, 1400), 1);
                jw_close(w, '}');
            }
        }
        jw_close(w, ']');
    }
    jw_close(w, '}');
    return compulsory;
}

/* ------------------------------------------------------------------ main */

static void usage(void)
{
    fprintf(stderr, "usage: gen_dataset SCHOOL_STAGES OUT.json [SEED] [--pretty] [--full]\n");
}

int main(int argc, char **argv)
{
    Options opt = { 0, 0, 0.10, 0.03, 0.12 };
    const char *pos[3] = { NULL, NULL, NULL };
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pretty") == 0)
            opt.pretty = 1;
        else if (strcmp(argv[i], "--full") == 0)
            opt.full = 1;
        else if (npos < 3)
            pos[npos++] = argv[i];
        else {
            usage();
            return 2;
        }
    }
    if (npos < 2) {
        usage();
        return 2;
    }
    char *end;
    long stages = strtol(pos[0], &end, 10);
    if (*end || stages < 1) {
        fprintf(stderr, "gen_dataset: SCHOOL_STAGES must be a positive integer\n");
        return 2;
    }
    uint64_t seed = 20250101;
    if (npos == 3) {
        seed = strtoull(pos[2], &end, 10);
        if (*end) {
            fprintf(stderr, "gen_dataset: SEED must be an unsigned integer\n");
            return 2;
        }
    }
    if (opt.full) {
        opt.p_inspect = 1.0;
        opt.p_classes = 0.20;
        opt.p_rooms = 1.0;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    FILE *f = fopen(pos[1], "wb");
    if (!f) {
        perror(pos[1]);
        return 1;
    }
    Jw w;
    memset(&w, 0, sizeof w);
    w.f = f;
    w.buf = malloc(WBUF_SIZE);
    if (!w.buf) {
        fprintf(stderr, "gen_dataset: out of memory\n");
        return 1;
    }
    w.pretty_depth = opt.pretty ? MAX_DEPTH : 2;

    Rng county_rng = { seed ^ 0xC0FFEE1234ULL };
    Rng rng = { seed };
    Place pl;
    memset(&pl, 0, sizeof pl);

    jw_open(&w, '{');
    jw_key(&w, "数据集");
    jw_open(&w, '{');
    kv_str(&w, "名称", "全国模拟监测数据（基准测试）");
    kv_str(&w, "县区", "全国（模拟）");
    kv_int(&w, "年度", 2025);
    kv_int(&w, "随机种子", (long long)seed);
    jw_close(&w, '}');
    write_county(&w, &county_rng, stages);
    jw_key(&w, "学校");
    jw_open(&w, '[');
    long done = 0, schools = 0;
    while (done < stages) {
        done += write_school(&w, &rng, &pl, &opt, stages - done);
        schools++;
    }
    jw_close(&w, ']');
    jw_close(&w, '}');
    jw_ch(&w, '\n');
    jw_flush(&w);
    free(w.buf);
    if (fclose(f) != 0 || w.io_error) {
        fprintf(stderr, "gen_dataset: write error on %s\n", pos[1]);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "gen_dataset: schools=%ld stages=%ld bytes=%llu seed=%llu time_s=%.3f\n",
            schools, done, w.total, (unsigned long long)seed, secs);
    return 0;
}
