/*
 * baseline.c - hand-written, hard-coded evaluation of method.md §2-§4
 * (I1-I7, RA and the 14 student-weighted CVs) used as the "zero-overhead"
 * comparison of `make bench` and as a cross-check of the engine's counts.
 *
 * Usage: baseline [--no-arena] DATASET.json > results.json
 *
 * The whole file is read into memory; the "学校" array is located and its
 * elements are parsed one at a time with cJSON_ParseWithLengthOpts, each DOM
 * converted to a small struct and dropped before the next school, so cJSON
 * memory follows one school. By default cJSON allocates from a bump arena
 * that is reset after every school (cJSON_InitHooks); --no-arena uses
 * malloc/free instead.
 *
 * stdout: {"schools":[{"code":..,"results":[..]}..],"county":{"cv":[..]}}
 * stderr: one timing line, then status counts per indicator, clause counts
 *         and the CVs.
 *
 * Everything the method leaves to rule files (thresholds, weights, clauses)
 * is a constant here on purpose: this program is the reference to compare
 * the rule-driven engine with.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* ---------------------------------------------------------------- arena */

typedef struct Block {
    struct Block *next;
    size_t cap;
    size_t used;
    size_t pad; /* keeps the data that follows the header 16-byte aligned */
} Block;

#define ARENA_BLOCK (1u << 20)

static Block *arena_head;
static Block *arena_cur;

static void *arena_malloc(size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    for (;;) {
        if (arena_cur && arena_cur->used + size <= arena_cur->cap) {
            void *p = (unsigned char *)(arena_cur + 1) + arena_cur->used;
            arena_cur->used += size;
            return p;
        }
        if (arena_cur && arena_cur->next) {
            arena_cur = arena_cur->next;
            continue;
        }
        size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        Block *b = malloc(sizeof(Block) + cap);
        if (!b)
            return NULL;
        b->next = NULL;
        b->cap = cap;
        b->used = 0;
        if (arena_cur)
            arena_cur->next = b;
        else
            arena_head = b;
        arena_cur = b;
    }
}

static void arena_free(void *p)
{
    (void)p; /* released all at once by arena_reset */
}

static void arena_reset(void)
{
    for (Block *b = arena_head; b; b = b->next)
        b->used = 0;
    arena_cur = arena_head;
}

static void arena_destroy(void)
{
    Block *b = arena_head;
    while (b) {
        Block *n = b->next;
        free(b);
        b = n;
    }
    arena_head = arena_cur = NULL;
}

/* ----------------------------------------------------- the method (§2-§4) */

enum { NIND = 7 };
enum { K_PRIMARY, K_JUNIOR, K_SENIOR };
static const char *const STAGE_NAME[2] = { "小学", "初中" };
/* §3 weights of the weighted-enrolment split */
static const double SPLIT_WEIGHT[3] = { 1.0, 1.1, 1.32 };
/* §4 thresholds [indicator][stage] */
static const double THR[NIND][2] = {
    { 4.2, 5.3 }, { 1.0, 1.0 }, { 0.9, 0.9 }, { 4.5, 5.8 },
    { 7.5, 10.2 }, { 2000.0, 2500.0 }, { 2.3, 2.4 }
};
static const double CV_LIMIT[2] = { 0.50, 0.45 };
static const double DEFAULT_YEARS[2] = { 6.0, 3.0 };
static const double REL_TOL = 1e-9;
static const double RA_MIN_SHARE = 0.85;
static const int RA_MIN_MET = 6;

enum { R_AREA, R_AREA_BUILD, R_SPORT, R_SPORT_BUILD, R_SPORT_RENT, R_EQUIP, R_MM, NRES };
static const char *const RES_NAME[NRES] = {
    "教学及辅助用房面积", "在建教学及辅助用房面积", "体育运动场馆面积", "在建体育运动场馆面积",
    "租赁体育运动场馆面积", "教学仪器设备值", "网络多媒体教室数"
};

enum { ST_PASS, ST_PBE, ST_FAIL, ST_MISSING, ST_NA, NSTATUS };
static const char *const STATUS_NAME[NSTATUS] = {
    "pass", "pass_by_exception", "fail", "missing_data", "not_applicable"
};

enum { C_I3E1, C_I4E1, C_I4E2, C_I4E3, C_I5E1, C_I5E2, C_I5E3, NCLAUSE };
static const char *const CLAUSE_NAME[NCLAUSE] = {
    "I3.E1", "I4.E1", "I4.E2", "I4.E3", "I5.E1", "I5.E2", "I5.E3"
};
/* clauses of each indicator, in the order they are tried; -1 ends */
static const int CLAUSES_OF[NIND][4] = {
    { -1 }, { -1 }, { C_I3E1, -1 }, { C_I4E1, C_I4E2, C_I4E3, -1 },
    { C_I5E1, C_I5E2, C_I5E3, -1 }, { -1 }, { -1 }
};

static const char *const IND_NAME[NIND + 1] = { "I1", "I2", "I3", "I4", "I5", "I6", "I7", "RA" };

enum { TY_OTHER, TY_POINT, TY_SPECIAL, TY_VOCATIONAL };
enum { U_MISSING = -1, U_CITY, U_TOWN, U_RURAL, U_OTHER };

typedef struct {
    int has;
    double v;
} Num;

typedef struct {
    int kind;
    Num n, start, years, hi, backbone, pe, art, rot;
    Num own[NRES];
} StageRec;

typedef struct {
    char *code;
    size_t code_cap;
    int has_code;
    int type;
    int urban;
    int plan, course, pe_course, rent_reserved, recess; /* -1 missing, 0 false, 1 true */
    Num res[NRES];
    StageRec *st;
    int nst, st_cap;
    /* derived */
    int has_sum;
    double weighted_sum;
} School;

typedef struct {
    int status;
    int clause;
    int has_value;
    double value;
    double threshold;
    const char *missing;
} Result;

/* A relative tolerance on >=: a meets b when a >= b - 1e-9 |b|. */
static int geq(double a, double b)
{
    return a >= b - REL_TOL * fabs(b);
}

/* ---------------------------------------------------------- conversion */

static Num get_num(const cJSON *obj, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    Num r = { 0, 0.0 };
    if (cJSON_IsNumber(it)) {
        r.has = 1;
        r.v = it->valuedouble;
    }
    return r;
}

static int get_bool(const cJSON *obj, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsTrue(it))
        return 1;
    if (cJSON_IsFalse(it))
        return 0;
    return -1;
}

static const char *get_str(const cJSON *obj, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

static void die_oom(void)
{
    fprintf(stderr, "baseline: out of memory\n");
    exit(1);
}

static void convert_school(const cJSON *js, School *s)
{
    const char *code = get_str(js, "学校代码");
    s->has_code = code != NULL;
    if (code) {
        size_t len = strlen(code) + 1;
        if (len > s->code_cap) {
            s->code = realloc(s->code, len);
            if (!s->code)
                die_oom();
            s->code_cap = len;
        }
        memcpy(s->code, code, len);
    }
    const char *type = get_str(js, "学校类型");
    s->type = TY_OTHER;
    if (type) {
        if (strcmp(type, "教学点") == 0)
            s->type = TY_POINT;
        else if (strcmp(type, "特殊教育学校") == 0)
            s->type = TY_SPECIAL;
        else if (strcmp(type, "职业学校") == 0)
            s->type = TY_VOCATIONAL;
    }
    const char *urban = get_str(js, "城乡类型");
    if (!urban)
        s->urban = U_MISSING;
    else if (strcmp(urban, "城区") == 0)
        s->urban = U_CITY;
    else if (strcmp(urban, "镇区") == 0)
        s->urban = U_TOWN;
    else if (strcmp(urban, "乡村") == 0)
        s->urban = U_RURAL;
    else
        s->urban = U_OTHER;
    s->plan = get_bool(js, "一校一案化解方案");
    s->course = get_bool(js, "课程开齐开足");
    s->pe_course = get_bool(js, "体育课开齐开足");
    s->rent_reserved = get_bool(js, "租赁场馆保障上课时间专用");
    s->recess = get_bool(js, "体育大课间活动正常开展");
    for (int i = 0; i < NRES; i++)
        s->res[i] = get_num(js, RES_NAME[i]);

    s->nst = 0;
    const cJSON *stages = cJSON_GetObjectItemCaseSensitive(js, "学段");
    const cJSON *sj;
    cJSON_ArrayForEach(sj, stages) {
        const char *name = get_str(sj, "学段");
        int kind;
        if (!name)
            continue;
        if (strcmp(name, "小学") == 0)
            kind = K_PRIMARY;
        else if (strcmp(name, "初中") == 0)
            kind = K_JUNIOR;
        else if (strcmp(name, "高中") == 0)
            kind = K_SENIOR;
        else
            continue; /* not a stage of this method */
        if (s->nst == s->st_cap) {
            s->st_cap = s->st_cap ? 2 * s->st_cap : 4;
            s->st = realloc(s->st, (size_t)s->st_cap * sizeof *s->st);
            if (!s->st)
                die_oom();
        }
        StageRec *st = &s->st[s->nst++];
        st->kind = kind;
        st->n = get_num(sj, "在校生数");
        if (kind == K_SENIOR) {
            /* a 高中 record only takes its share of split resources */
            memset(&st->start, 0, sizeof *st - offsetof(StageRec, start));
            continue;
        }
        st->start = get_num(sj, "起始年级学生数");
        st->years = get_num(sj, "学制年数");
        st->hi = get_num(sj, "高于规定学历教师数");
        st->backbone = get_num(sj, "县级以上骨干教师数");
        st->pe = get_num(sj, "体育专任教师数");
        st->art = get_num(sj, "艺术专任教师数");
        st->rot = get_num(sj, "交流轮岗兼职走教体艺教师数");
        for (int i = 0; i < NRES; i++)
            st->own[i] = get_num(sj, RES_NAME[i]);
    }

    /* Σ w_s × 在校生数_s over every stage of the school (高中 included) */
    s->has_sum = 1;
    s->weighted_sum = 0.0;
    for (int i = 0; i < s->nst; i++) {
        if (!s->st[i].n.has) {
            s->has_sum = 0;
            break;
        }
        s->weighted_sum += SPLIT_WEIGHT[s->st[i].kind] * s->st[i].n.v;
    }
}

/* ---------------------------------------------------------- evaluation */

/* Stage value of a split resource (§3). Returns 0 and names the field when
 * it cannot be had (missing field, or zero weighted enrolment). */
static int stage_resource(const School *s, int si, int ri, double *out, const char **miss)
{
    const StageRec *st = &s->st[si];
    if (st->own[ri].has) {
        *out = st->own[ri].v;
        return 1;
    }
    if (!s->res[ri].has) {
        *miss = RES_NAME[ri];
        return 0;
    }
    if (s->nst == 1) {
        *out = s->res[ri].v;
        return 1;
    }
    if (!s->has_sum || s->weighted_sum == 0.0) {
        *miss = "在校生数";
        return 0;
    }
    double share = SPLIT_WEIGHT[st->kind] * st->n.v / s->weighted_sum;
    *out = s->res[ri].v * share;
    return 1;
}

/* Main value of indicator `ind` (0-based) for stage si. */
static int main_value(const School *s, int si, int ind, double *v, const char **miss)
{
    const StageRec *st = &s->st[si];
    double num = 0.0, scale = 1.0;
    switch (ind) {
    case 0:
        if (!st->hi.has) {
            *miss = "高于规定学历教师数";
            return 0;
        }
        num = st->hi.v;
        scale = 100.0;
        break;
    case 1:
        if (!st->backbone.has) {
            *miss = "县级以上骨干教师数";
            return 0;
        }
        num = st->backbone.v;
        scale = 100.0;
        break;
    case 2:
        if (!st->pe.has) {
            *miss = "体育专任教师数";
            return 0;
        }
        if (!st->art.has) {
            *miss = "艺术专任教师数";
            return 0;
        }
        num = st->pe.v + st->art.v;
        scale = 100.0;
        break;
    case 3:
        if (!st->n.has) /* checked first: the split needs it as well */
            break;
        if (!stage_resource(s, si, R_AREA, &num, miss))
            return 0;
        break;
    case 4:
        if (!st->n.has)
            break;
        if (!stage_resource(s, si, R_SPORT, &num, miss))
            return 0;
        break;
    case 5:
        if (!st->n.has)
            break;
        if (!stage_resource(s, si, R_EQUIP, &num, miss))
            return 0;
        break;
    default:
        if (!st->n.has)
            break;
        if (!stage_resource(s, si, R_MM, &num, miss))
            return 0;
        scale = 100.0;
        break;
    }
    if (!st->n.has || st->n.v == 0.0) {
        *miss = "在校生数";
        return 0;
    }
    *v = scale * num / st->n.v;
    return 1;
}

/* Whether exception `clause` holds; inputs missing or a zero denominator
 * mean it does not hold. Called only when the main value is known, so
 * 在校生数 is present and non-zero. */
static int clause_holds(const School *s, int si, int clause, double thr)
{
    const StageRec *st = &s->st[si];
    const char *miss = NULL;
    double n = st->n.v, a, b;
    double years = st->years.has ? st->years.v : DEFAULT_YEARS[st->kind];
    switch (clause) {
    case C_I3E1: {
        /* 不足100人: the whole school's compulsory students, not the stage's. */
        double whole = 0;
        for (int i = 0; i < s->nst; i++)
            if (s->st[i].kind != K_SENIOR) {
                if (!s->st[i].n.has)
                    return 0;
                whole += s->st[i].n.v;
            }
        if (s->urban != U_RURAL || !(whole < 100.0) || !st->rot.has)
            return 0;
        return geq(100.0 * (st->pe.v + st->art.v + st->rot.v) / n, thr);
    }
    case C_I4E1:
        return s->urban == U_CITY && s->plan == 1 && s->course == 1;
    case C_I4E2:
    case C_I5E2: {
        int ri = clause == C_I4E2 ? R_AREA : R_SPORT;
        if (!stage_resource(s, si, ri, &a, &miss) || !st->start.has)
            return 0;
        double d = st->start.v * years;
        if (d == 0.0)
            return 0;
        return geq(a / d, thr);
    }
    case C_I4E3:
    case C_I5E3: {
        int ri = clause == C_I4E3 ? R_AREA : R_SPORT;
        int rb = clause == C_I4E3 ? R_AREA_BUILD : R_SPORT_BUILD;
        if (!stage_resource(s, si, ri, &a, &miss) || !stage_resource(s, si, rb, &b, &miss))
            return 0;
        return geq((a + b) / n, thr);
    }
    case C_I5E1:
        if (s->urban != U_CITY || s->pe_course != 1 || s->rent_reserved != 1 || s->recess != 1)
            return 0;
        if (!stage_resource(s, si, R_SPORT_RENT, &a, &miss))
            return 0;
        return a > 0.0;
    default:
        return 0;
    }
}

static void eval_stage(const School *s, int si, int in_scope, Result res[NIND + 1])
{
    const StageRec *st = &s->st[si];
    if (!in_scope) {
        for (int i = 0; i <= NIND; i++) {
            res[i].status = ST_NA;
            res[i].clause = -1;
            res[i].has_value = 0;
            res[i].threshold = NAN;
            res[i].missing = NULL;
        }
        return;
    }
    for (int ind = 0; ind < NIND; ind++) {
        Result *r = &res[ind];
        r->clause = -1;
        r->missing = NULL;
        r->threshold = THR[ind][st->kind];
        r->has_value = main_value(s, si, ind, &r->value, &r->missing);
        if (!r->has_value) {
            r->status = ST_MISSING;
            continue;
        }
        if (geq(r->value, r->threshold)) {
            r->status = ST_PASS;
            continue;
        }
        r->status = ST_FAIL;
        for (const int *c = CLAUSES_OF[ind]; *c >= 0; c++) {
            if (clause_holds(s, si, *c, r->threshold)) {
                r->status = ST_PBE;
                r->clause = *c;
                break;
            }
        }
    }
    /* RA: at least 6 met, and every unmet one at >= 85% of its threshold */
    Result *ra = &res[NIND];
    int met = 0, missing = 0, low = 0;
    const char *first_missing = NULL;
    for (int ind = 0; ind < NIND; ind++) {
        const Result *r = &res[ind];
        if (r->status == ST_PASS || r->status == ST_PBE)
            met++;
        else if (r->status == ST_MISSING) {
            if (!missing)
                first_missing = IND_NAME[ind];
            missing++;
        } else if (!geq(r->value, RA_MIN_SHARE * r->threshold))
            low = 1;
    }
    ra->clause = -1;
    ra->has_value = 0;
    ra->threshold = NAN;
    ra->missing = NULL;
    if (low || met + missing < RA_MIN_MET)
        ra->status = ST_FAIL;
    else if (missing == 0)
        ra->status = ST_PASS;
    else {
        ra->status = ST_MISSING;
        ra->missing = first_missing;
    }
}

/* ------------------------------------------------------- CV collection */

typedef struct {
    double p;
    double x[NIND];
    unsigned char mask;
} CvEntry;

typedef struct {
    CvEntry *e;
    size_t n, cap;
    long missing[NIND];
} CvSet;

static void cv_add(CvSet *cs, const StageRec *st, const Result *res)
{
    CvEntry e;
    e.mask = 0;
    e.p = st->n.has ? st->n.v : 0.0;
    for (int i = 0; i < NIND; i++) {
        if (res[i].has_value) {
            e.x[i] = res[i].value;
            e.mask |= (unsigned char)(1u << i);
        } else {
            e.x[i] = 0.0;
            cs->missing[i]++;
        }
    }
    if (!e.mask)
        return;
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? 2 * cs->cap : 4096;
        cs->e = realloc(cs->e, cs->cap * sizeof *cs->e);
        if (!cs->e)
            die_oom();
    }
    cs->e[cs->n++] = e;
}

typedef struct {
    int has_value;
    double value;
    int status;
} CvResult;

static CvResult cv_compute(const CvSet *cs, int ind, double limit)
{
    CvResult r = { 0, 0.0, ST_MISSING };
    unsigned char bit = (unsigned char)(1u << ind);
    double P = 0.0, sx = 0.0;
    for (size_t i = 0; i < cs->n; i++)
        if (cs->e[i].mask & bit) {
            P += cs->e[i].p;
            sx += cs->e[i].p * cs->e[i].x[ind];
        }
    if (P > 0.0) {
        double mean = sx / P, ss = 0.0;
        for (size_t i = 0; i < cs->n; i++)
            if (cs->e[i].mask & bit) {
                double d = cs->e[i].x[ind] - mean;
                ss += (cs->e[i].p / P) * d * d;
            }
        if (mean != 0.0) {
            r.has_value = 1;
            r.value = sqrt(ss) / mean;
        }
    }
    if (r.has_value && cs->missing[ind] == 0)
        r.status = geq(limit, r.value) ? ST_PASS : ST_FAIL;
    return r;
}

/* --------------------------------------------------------------- output */

/* Output goes through one large buffer handed to fwrite in big chunks. */
typedef struct {
    FILE *f;
    char *buf;
    size_t pos, cap;
    int err;
} Out;

static void out_flush(Out *o)
{
    if (o->pos && fwrite(o->buf, 1, o->pos, o->f) != o->pos)
        o->err = 1;
    o->pos = 0;
}

static void out_raw(Out *o, const char *s, size_t n)
{
    if (o->pos + n > o->cap) {
        out_flush(o);
        if (n > o->cap) {
            if (fwrite(s, 1, n, o->f) != n)
                o->err = 1;
            return;
        }
    }
    memcpy(o->buf + o->pos, s, n);
    o->pos += n;
}

static void out_s(Out *o, const char *s)
{
    out_raw(o, s, strlen(s));
}

static void out_json_string(Out *o, const char *s)
{
    out_raw(o, "\"", 1);
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c != '"' && c != '\\' && c >= 0x20)
            continue;
        out_raw(o, run, (size_t)((const char *)p - run));
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            out_raw(o, esc, 2);
        } else {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            out_raw(o, esc, 6);
        }
        run = (const char *)p + 1;
    }
    out_s(o, run);
    out_raw(o, "\"", 1);
}

static void out_number(Out *o, int has, double v)
{
    if (has && isfinite(v)) {
        char tmp[40];
        int n = snprintf(tmp, sizeof tmp, "%.17g", v);
        out_raw(o, tmp, (size_t)n);
    } else {
        out_raw(o, "null", 4);
    }
}

/* Constant pieces of a result object, built once. */
static char result_head[NIND + 1][2][64];
static char threshold_text[NIND][2][40];

static void init_output_pieces(void)
{
    for (int i = 0; i <= NIND; i++)
        for (int k = 0; k < 2; k++) {
            snprintf(result_head[i][k], sizeof result_head[i][k],
                     "{\"indicator\":\"%s\",\"stage\":\"%s\",\"status\":\"", IND_NAME[i],
                     STAGE_NAME[k]);
            if (i < NIND)
                snprintf(threshold_text[i][k], sizeof threshold_text[i][k], "%.17g", THR[i][k]);
        }
}

static void write_school(Out *o, const School *s, const Result (*res)[NIND + 1], int nres_stages,
                         const int *stage_index, int first)
{
    if (!first)
        out_raw(o, ",\n", 2);
    out_s(o, "{\"code\":");
    if (s->has_code)
        out_json_string(o, s->code);
    else
        out_raw(o, "null", 4);
    out_s(o, ",\"results\":[");
    for (int k = 0; k < nres_stages; k++) {
        int kind = s->st[stage_index[k]].kind;
        for (int i = 0; i <= NIND; i++) {
            const Result *r = &res[k][i];
            if (k || i)
                out_raw(o, ",", 1);
            out_s(o, result_head[i][kind]);
            out_s(o, STATUS_NAME[r->status]);
            out_s(o, "\",\"clause\":");
            if (r->clause >= 0) {
                out_raw(o, "\"", 1);
                out_s(o, CLAUSE_NAME[r->clause]);
                out_raw(o, "\"", 1);
            } else {
                out_raw(o, "null", 4);
            }
            out_s(o, ",\"value\":");
            out_number(o, r->has_value, r->value);
            out_s(o, ",\"threshold\":");
            if (i < NIND && r->status != ST_NA)
                out_s(o, threshold_text[i][kind]);
            else
                out_raw(o, "null", 4);
            if (r->missing) {
                out_s(o, ",\"missing\":");
                out_json_string(o, r->missing);
            }
            out_raw(o, "}", 1);
        }
    }
    out_raw(o, "]}", 2);
}

/* ----------------------------------------------------------------- main */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static void fail_at(const char *what, const char *buf, const char *p)
{
    fprintf(stderr, "baseline: %s at byte %ld\n", what, (long)(p - buf));
    exit(1);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    size_t cap = 1u << 24, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        die_oom();
    if (fseek(f, 0, SEEK_END) == 0) {
        long sz = ftell(f);
        if (sz >= 0 && (size_t)sz + 1 > cap) {
            cap = (size_t)sz + 1;
            free(buf);
            buf = malloc(cap + 1);
            if (!buf)
                die_oom();
        }
    }
    rewind(f);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
            if (!buf)
                die_oom();
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        perror(path);
        exit(1);
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    int use_arena = 1, bad_args = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-arena") == 0)
            use_arena = 0;
        else if (!path)
            path = argv[i];
        else
            bad_args = 1;
    }
    if (!path || bad_args) {
        fprintf(stderr, "usage: baseline [--no-arena] DATASET.json > results.json\n");
        return 2;
    }
    if (use_arena) {
        cJSON_Hooks hooks = { arena_malloc, arena_free };
        cJSON_InitHooks(&hooks);
    }

    Out out = { stdout, NULL, 0, 8u << 20, 0 };
    out.buf = malloc(out.cap);
    if (!out.buf)
        die_oom();
    init_output_pieces();

    double t_parse = 0.0, t_eval = 0.0, t_write = 0.0;
    double t0 = now_s();
    size_t len;
    char *buf = read_file(path, &len);
    const char *end = buf + len;
    double t_read = now_s() - t0;

    /* locate "学校" in the top-level object */
    const char *p = buf;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3;
    p = skip_ws(p, end);
    if (p == end || *p != '{')
        fail_at("expected a JSON object", buf, p);
    p++;
    const char *array = NULL;
    static const char KEY[] = "学校";
    for (;;) {
        p = skip_ws(p, end);
        if (p < end && *p == '}')
            break;
        if (p == end || *p != '"')
            fail_at("expected a key", buf, p);
        const char *k = ++p;
        while (p < end && *p != '"') {
            if (*p == '\\')
                p++;
            p++;
        }
        if (p >= end)
            fail_at("unterminated key", buf, k);
        size_t klen = (size_t)(p - k);
        p = skip_ws(p + 1, end);
        if (p == end || *p != ':')
            fail_at("expected ':'", buf, p);
        p = skip_ws(p + 1, end);
        if (klen == sizeof KEY - 1 && memcmp(k, KEY, klen) == 0) {
            if (p == end || *p != '[')
                fail_at("\"学校\" is not an array", buf, p);
            array = p + 1;
            break;
        }
        const char *q = NULL;
        cJSON *skip = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &q, 0);
        if (!skip)
            fail_at("invalid JSON", buf, q ? q : p);
        cJSON_Delete(skip);
        if (use_arena)
            arena_reset();
        p = skip_ws(q, end);
        if (p < end && *p == ',')
            p++;
        else if (p < end && *p == '}')
            break;
        else
            fail_at("expected ',' or '}'", buf, p);
    }
    t_parse += now_s() - t0;

    School s;
    memset(&s, 0, sizeof s);
    CvSet cv[2];
    memset(cv, 0, sizeof cv);
    long counts[NIND + 1][NSTATUS];
    long clause_counts[NCLAUSE];
    memset(counts, 0, sizeof counts);
    memset(clause_counts, 0, sizeof clause_counts);
    Result (*res)[NIND + 1] = NULL;
    int *stage_index = NULL;
    int res_cap = 0;
    long nschools = 0, nstages = 0, nscope = 0;

    out_s(&out, "{\"schools\":[\n");
    if (array) {
        p = skip_ws(array, end);
        if (p < end && *p == ']')
            p++;
        else {
            for (;;) {
                double ta = now_s();
                const char *q = NULL;
                cJSON *js = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &q, 0);
                if (!js)
                    fail_at("invalid JSON in \"学校\"", buf, q ? q : p);
                if (!cJSON_IsObject(js))
                    fail_at("a \"学校\" element is not an object", buf, p);
                convert_school(js, &s);
                cJSON_Delete(js);
                if (use_arena)
                    arena_reset();
                p = skip_ws(q, end);
                double tb = now_s();

                /* scope (§2): special/vocational schools and 教学点 under
                 * 50 students are out; a 教学点 whose enrolment is unknown is
                 * evaluated (its results then say missing_data). */
                int in_scope = s.type != TY_SPECIAL && s.type != TY_VOCATIONAL;
                if (in_scope && s.type == TY_POINT) {
                    double total = 0.0;
                    int known = 1;
                    for (int i = 0; i < s.nst; i++) {
                        if (!s.st[i].n.has)
                            known = 0;
                        else
                            total += s.st[i].n.v;
                    }
                    if (known && total < 50.0)
                        in_scope = 0;
                }
                if (s.nst > res_cap) {
                    res_cap = s.nst;
                    res = realloc(res, (size_t)res_cap * sizeof *res);
                    stage_index = realloc(stage_index, (size_t)res_cap * sizeof *stage_index);
                    if (!res || !stage_index)
                        die_oom();
                }
                int nres = 0;
                for (int i = 0; i < s.nst; i++) {
                    if (s.st[i].kind == K_SENIOR)
                        continue;
                    stage_index[nres] = i;
                    eval_stage(&s, i, in_scope, res[nres]);
                    for (int ind = 0; ind <= NIND; ind++) {
                        counts[ind][res[nres][ind].status]++;
                        if (res[nres][ind].clause >= 0)
                            clause_counts[res[nres][ind].clause]++;
                    }
                    if (in_scope) {
                        cv_add(&cv[s.st[i].kind], &s.st[i], res[nres]);
                        nscope++;
                    }
                    nres++;
                }
                nstages += nres;
                double tc = now_s();

                write_school(&out, &s, (const Result(*)[NIND + 1])res, nres, stage_index,
                             nschools == 0);
                nschools++;
                double td = now_s();
                t_parse += tb - ta;
                t_eval += tc - tb;
                t_write += td - tc;

                if (p < end && *p == ',') {
                    p = skip_ws(p + 1, end);
                    continue;
                }
                if (p < end && *p == ']')
                    break;
                fail_at("expected ',' or ']' in \"学校\"", buf, p);
            }
        }
    }

    double te = now_s();
    CvResult cvr[NIND][2];
    for (int ind = 0; ind < NIND; ind++)
        for (int k = 0; k < 2; k++)
            cvr[ind][k] = cv_compute(&cv[k], ind, CV_LIMIT[k]);
    double tf = now_s();
    t_eval += tf - te;

    out_s(&out, "\n],\"county\":{\"cv\":[");
    for (int ind = 0; ind < NIND; ind++)
        for (int k = 0; k < 2; k++) {
            char tmp[160];
            snprintf(tmp, sizeof tmp, "%s\n{\"indicator\":\"%s\",\"stage\":\"%s\",\"value\":",
                     ind || k ? "," : "", IND_NAME[ind], STAGE_NAME[k]);
            out_s(&out, tmp);
            out_number(&out, cvr[ind][k].has_value, cvr[ind][k].value);
            snprintf(tmp, sizeof tmp, ",\"limit\":%.17g,\"status\":\"%s\"}", CV_LIMIT[k],
                     STATUS_NAME[cvr[ind][k].status]);
            out_s(&out, tmp);
        }
    out_s(&out, "\n]}}\n");
    out_flush(&out);
    int write_err = out.err || fflush(stdout) != 0 || ferror(stdout);
    t_write += now_s() - tf;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr,
            "baseline: schools=%ld stages=%ld parse_s=%.3f eval_s=%.3f write_s=%.3f "
            "peak_rss_kb=%ld read_s=%.3f in_scope=%ld arena=%s\n",
            nschools, nstages, t_parse, t_eval, t_write, (long)ru.ru_maxrss, t_read, nscope,
            use_arena ? "yes" : "no");
    for (int ind = 0; ind <= NIND; ind++) {
        fprintf(stderr, "%s", IND_NAME[ind]);
        for (int st = 0; st < NSTATUS; st++)
            fprintf(stderr, " %s=%ld", STATUS_NAME[st], counts[ind][st]);
        putc('\n', stderr);
    }
    fputs("clauses", stderr);
    for (int c = 0; c < NCLAUSE; c++)
        fprintf(stderr, " %s=%ld", CLAUSE_NAME[c], clause_counts[c]);
    putc('\n', stderr);
    for (int ind = 0; ind < NIND; ind++)
        for (int k = 0; k < 2; k++) {
            fprintf(stderr, "CV %s %s value=", IND_NAME[ind], STAGE_NAME[k]);
            if (cvr[ind][k].has_value)
                fprintf(stderr, "%.6f", cvr[ind][k].value);
            else
                fputs("null", stderr);
            fprintf(stderr, " limit=%.2f status=%s missing_stages=%ld\n", CV_LIMIT[k],
                    STATUS_NAME[cvr[ind][k].status], cv[k].missing[ind]);
        }

    free(buf);
    free(s.code);
    free(s.st);
    free(res);
    free(stage_index);
    free(cv[0].e);
    free(cv[1].e);
    arena_destroy();
    free(out.buf);
    if (write_err) {
        fprintf(stderr, "baseline: write error on stdout\n");
        return 1;
    }
    return 0;
}
