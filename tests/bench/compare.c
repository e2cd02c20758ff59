/*
 * compare.c - cross-check junheng's JSON result against the baseline's.
 *
 * Usage: compare JUNHENG.json BASELINE.json
 *
 * Both files hold {"schools":[{"code":…,"results":[…]}…],"county":{"cv":[…]}}
 * (junheng adds more top-level keys, which are skipped). The schools are
 * walked in step, one school of each file parsed with cJSON at a time, so
 * memory stays at the size of the two files. For every result of the
 * indicators the baseline computes (I1-I7, RA), matched on
 * (indicator, stage):
 *   - status and clause must be identical;
 *   - value and threshold must agree within 1e-9 relative (a missing key
 *     and null are the same thing).
 * Every county.cv entry (indicator, stage) must agree the same way on
 * value, limit and status. Results junheng gives for other indicators are
 * counted and not compared.
 *
 * Prints "cross-check: N results identical …" and exits 0, or prints the
 * first 20 differences and a tally of them and exits 1. Exit 2 means an
 * unreadable or malformed file.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define REL_TOL 1e-9
#define MAX_SHOWN 20
#define MAX_TALLY 256

static const char *const COMPARED[] = { "I1", "I2", "I3", "I4", "I5", "I6", "I7", "RA" };
#define NCOMPARED (sizeof COMPARED / sizeof COMPARED[0])

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("compare: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

/* ------------------------------------------------------ document cursor */

/* A JSON file read whole, walked at the top level by hand so that the
 * "schools" array can be handed out one element at a time. */
typedef struct {
    const char *path;
    char *buf;
    const char *p, *end;
    int in_schools;     /* inside the "schools" array */
    int done;           /* the top-level object has been closed */
    int saw_schools;
    cJSON *county;
} Doc;

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static void doc_fail(const Doc *d, const char *what, const char *at)
{
    die("%s: %s at byte %ld", d->path, what, (long)(at - d->buf));
}

/* Reads the members of the top-level object until the "schools" array is
 * entered (in_schools = 1) or the object ends (done = 1). "county" is kept,
 * every other member is parsed and dropped. */
static void doc_scan(Doc *d)
{
    for (;;) {
        const char *p = skip_ws(d->p, d->end);
        if (p < d->end && *p == '}') {
            d->p = p + 1;
            d->done = 1;
            return;
        }
        if (p == d->end || *p != '"')
            doc_fail(d, "expected a key", p);
        const char *k = ++p;
        while (p < d->end && *p != '"')
            p += (*p == '\\') ? 2 : 1;
        if (p >= d->end)
            doc_fail(d, "unterminated key", k);
        size_t klen = (size_t)(p - k);
        p = skip_ws(p + 1, d->end);
        if (p == d->end || *p != ':')
            doc_fail(d, "expected ':'", p);
        p = skip_ws(p + 1, d->end);
        if (klen == 7 && memcmp(k, "schools", 7) == 0) {
            if (p == d->end || *p != '[')
                doc_fail(d, "\"schools\" is not an array", p);
            d->p = p + 1;
            d->in_schools = 1;
            d->saw_schools = 1;
            return;
        }
        const char *q = NULL;
        cJSON *v = cJSON_ParseWithLengthOpts(p, (size_t)(d->end - p), &q, 0);
        if (!v)
            doc_fail(d, "invalid JSON", q ? q : p);
        if (klen == 6 && memcmp(k, "county", 6) == 0) {
            cJSON_Delete(d->county);
            d->county = v;
        } else {
            cJSON_Delete(v);
        }
        p = skip_ws(q, d->end);
        if (p < d->end && *p == ',')
            d->p = p + 1;
        else if (p < d->end && *p == '}')
            d->p = p;
        else
            doc_fail(d, "expected ',' or '}'", p);
    }
}

/* After the "schools" array: the rest of the top-level object. */
static void doc_after_schools(Doc *d)
{
    const char *p = skip_ws(d->p, d->end);
    if (p < d->end && *p == ',')
        p++;
    else if (p == d->end || *p != '}')
        doc_fail(d, "expected ',' or '}' after \"schools\"", p);
    d->p = p;
    doc_scan(d);
}

static void doc_open(Doc *d, const char *path)
{
    memset(d, 0, sizeof *d);
    d->path = path;
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open %s", path);
    if (fseek(f, 0, SEEK_END) != 0)
        die("cannot seek %s", path);
    long n = ftell(f);
    if (n < 0)
        die("cannot size %s", path);
    rewind(f);
    d->buf = malloc((size_t)n + 1);
    if (!d->buf)
        die("out of memory reading %s", path);
    if (fread(d->buf, 1, (size_t)n, f) != (size_t)n)
        die("cannot read %s", path);
    fclose(f);
    d->buf[n] = '\0';
    d->p = d->buf;
    d->end = d->buf + n;
    if (n >= 3 && memcmp(d->buf, "\xEF\xBB\xBF", 3) == 0)
        d->p += 3;
    d->p = skip_ws(d->p, d->end);
    if (d->p == d->end || *d->p != '{')
        doc_fail(d, "expected a JSON object", d->p);
    d->p++;
    doc_scan(d);
    if (!d->saw_schools)
        die("%s: no \"schools\" array", path);
}

/* The next element of "schools", or NULL at the end of the array (the
 * rest of the file is then read, so that "county" is available). */
static cJSON *doc_next_school(Doc *d)
{
    if (!d->in_schools)
        return NULL;
    const char *p = skip_ws(d->p, d->end);
    if (p < d->end && *p == ']') {
        d->p = p + 1;
        d->in_schools = 0;
        doc_after_schools(d);
        return NULL;
    }
    const char *q = NULL;
    cJSON *s = cJSON_ParseWithLengthOpts(p, (size_t)(d->end - p), &q, 0);
    if (!s)
        doc_fail(d, "invalid JSON in \"schools\"", q ? q : p);
    if (!cJSON_IsObject(s))
        doc_fail(d, "a \"schools\" element is not an object", p);
    p = skip_ws(q, d->end);
    if (p < d->end && *p == ',')
        p++;
    else if (p == d->end || *p != ']')
        doc_fail(d, "expected ',' or ']' in \"schools\"", p);
    d->p = p;
    return s;
}

static void doc_close(Doc *d)
{
    cJSON_Delete(d->county);
    free(d->buf);
}

/* ------------------------------------------------------- field helpers */

/* A string member, NULL when absent or null ("" for a non-string). */
static const char *str_field(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    return cJSON_IsString(v) ? v->valuestring : "<non-string>";
}

static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* The first entry of list not yet taken with this indicator and stage;
 * marks it taken. NULL when there is none. */
static const cJSON *take_match(const cJSON *list, unsigned char *used, const char *ind, const char *stage)
{
    int k = 0;
    const cJSON *j;
    cJSON_ArrayForEach(j, list) {
        if (!used[k] && same_str(str_field(j, "indicator"), ind) && same_str(str_field(j, "stage"), stage)) {
            used[k] = 1;
            return j;
        }
        k++;
    }
    return NULL;
}


/* A number member: 1 with *out set, 0 when absent or null, -1 otherwise. */
static int num_field(const cJSON *o, const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsNumber(v))
        return -1;
    *out = v->valuedouble;
    return 1;
}

static int same_num(const cJSON *a, const cJSON *b, const char *key)
{
    double x = 0, y = 0;
    int ha = num_field(a, key, &x), hb = num_field(b, key, &y);
    if (ha != hb || ha < 0)
        return 0;
    if (ha == 0 || x == y)
        return 1;
    return fabs(x - y) <= REL_TOL * fmax(fabs(x), fabs(y));
}

/* The member printed as JSON text, for the difference report. */
static void show_field(char *out, size_t cap, const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v))
        snprintf(out, cap, "null");
    else if (cJSON_IsString(v))
        snprintf(out, cap, "%s", v->valuestring);
    else if (cJSON_IsNumber(v))
        snprintf(out, cap, "%.17g", v->valuedouble);
    else
        snprintf(out, cap, "<%s>", cJSON_IsObject(v) ? "object" : "other");
}

static int compared_indicator(const char *ind)
{
    if (!ind)
        return 0;
    for (size_t i = 0; i < NCOMPARED; i++)
        if (strcmp(ind, COMPARED[i]) == 0)
            return 1;
    return 0;
}

/* --------------------------------------------------- difference report */

typedef struct {
    char key[160];
    long n;
} Tally;

static long ndiff;
static Tally tally[MAX_TALLY];
static int ntally;
static long tally_other;

static void count_diff(const char *key)
{
    for (int i = 0; i < ntally; i++)
        if (strcmp(tally[i].key, key) == 0) {
            tally[i].n++;
            return;
        }
    if (ntally == MAX_TALLY) {
        tally_other++;
        return;
    }
    snprintf(tally[ntally].key, sizeof tally[ntally].key, "%s", key);
    tally[ntally++].n = 1;
}

static void report(const char *tally_key, const char *fmt, ...)
{
    ndiff++;
    count_diff(tally_key);
    if (ndiff > MAX_SHOWN)
        return;
    if (ndiff == 1)
        printf("cross-check: first %d differences (code indicator stage: field junheng=… "
               "baseline=…):\n", MAX_SHOWN);
    va_list ap;
    va_start(ap, fmt);
    fputs("  ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
}

static const char *nz(const char *s)
{
    return s ? s : "null";
}

/* Compares two result (or cv) objects on the given fields; returns 1 when
 * they agree, else reports one line naming every field that differs. */
static int compare_pair(const char *where, const char *ind, const char *stage, const cJSON *j,
                        const cJSON *b, const char *num1, const char *num2, int has_clause)
{
    char line[1024];
    size_t len = 0;
    line[0] = '\0';
    const char *sj = str_field(j, "status"), *sb = str_field(b, "status");
    int ok = 1;
    if (!same_str(sj, sb)) {
        len += (size_t)snprintf(line + len, sizeof line - len, " status junheng=%s baseline=%s;",
                                nz(sj), nz(sb));
        ok = 0;
    }
    if (has_clause) {
        const char *cj = str_field(j, "clause"), *cb = str_field(b, "clause");
        if (!same_str(cj, cb) && len < sizeof line) {
            len += (size_t)snprintf(line + len, sizeof line - len,
                                    " clause junheng=%s baseline=%s;", nz(cj), nz(cb));
            ok = 0;
        }
    }
    const char *nums[2] = { num1, num2 };
    for (int i = 0; i < 2; i++) {
        if (same_num(j, b, nums[i]))
            continue;
        char vj[64], vb[64];
        show_field(vj, sizeof vj, j, nums[i]);
        show_field(vb, sizeof vb, b, nums[i]);
        if (len < sizeof line)
            len += (size_t)snprintf(line + len, sizeof line - len, " %s junheng=%s baseline=%s;",
                                    nums[i], vj, vb);
        ok = 0;
    }
    if (ok)
        return 1;
    char key[160];
    const char *kind = has_clause ? "" : "CV ";   /* cv entries have no clause */
    if (!same_str(sj, sb))
        snprintf(key, sizeof key, "%s%s %s status junheng=%s baseline=%s", kind, ind, nz(stage),
                 nz(sj), nz(sb));
    else
        snprintf(key, sizeof key, "%s%s %s status=%s other fields differ", kind, ind, nz(stage),
                 nz(sj));
    report(key, "%s %s %s:%s", where, ind, nz(stage), line);
    return 0;
}

/* ------------------------------------------------------------ matching */

/* Compares the results of one school; adds to the counters. */
static void compare_school(const cJSON *js, const cJSON *bs, long *n_same,
                           long *n_compared, long *n_stages, long *n_other)
{
    const char *code = str_field(bs, "code");
    char where[96];
    snprintf(where, sizeof where, "%s", code ? code : "(no code)");

    const cJSON *jr = cJSON_GetObjectItemCaseSensitive(js, "results");
    const cJSON *br = cJSON_GetObjectItemCaseSensitive(bs, "results");
    int nj = cJSON_IsArray(jr) ? cJSON_GetArraySize(jr) : 0;
    unsigned char *used = calloc((size_t)nj + 1, 1);
    if (!used)
        die("out of memory");

    /* the distinct stages of the baseline rows are the school-stages */
    const char *stages[8];
    int nst = 0;

    const cJSON *b;
    cJSON_ArrayForEach(b, br) {
        const char *ind = str_field(b, "indicator"), *stage = str_field(b, "stage");
        int seen = 0;
        for (int i = 0; i < nst; i++)
            seen |= same_str(stages[i], stage);
        if (!seen && nst < 8)
            stages[nst++] = stage;
        (*n_compared)++;
        const cJSON *match = take_match(jr, used, ind, stage);
        if (!match) {
            char key[160];
            snprintf(key, sizeof key, "%s %s missing in junheng", nz(ind), nz(stage));
            report(key, "%s %s %s: no such result in junheng (baseline status=%s)", where,
                   nz(ind), nz(stage), nz(str_field(b, "status")));
            continue;
        }
        if (compare_pair(where, nz(ind), stage, match, b, "value", "threshold", 1))
            (*n_same)++;
    }
    *n_stages += nst;

    int k = 0;
    const cJSON *j;
    cJSON_ArrayForEach(j, jr) {
        if (!used[k]) {
            const char *ind = str_field(j, "indicator");
            if (compared_indicator(ind)) {
                const char *stage = str_field(j, "stage");
                char key[160];
                snprintf(key, sizeof key, "%s %s extra in junheng", ind, nz(stage));
                report(key, "%s %s %s: result only in junheng (status=%s)", where, ind,
                       nz(stage), nz(str_field(j, "status")));
            } else {
                (*n_other)++;
            }
        }
        k++;
    }
    free(used);
}

/* Compares county.cv of both files; returns the number of equal entries. */
static long compare_cv(const Doc *jd, const Doc *bd, long *n_cv)
{
    const cJSON *jc = cJSON_GetObjectItemCaseSensitive(jd->county, "cv");
    const cJSON *bc = cJSON_GetObjectItemCaseSensitive(bd->county, "cv");
    if (!cJSON_IsArray(bc)) {
        report("county.cv missing", "baseline has no county.cv");
        return 0;
    }
    if (!cJSON_IsArray(jc)) {
        report("county.cv missing", "junheng has no county.cv");
        return 0;
    }
    int nj = cJSON_GetArraySize(jc);
    unsigned char *used = calloc((size_t)nj + 1, 1);
    if (!used)
        die("out of memory");
    long same = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, bc) {
        const char *ind = str_field(b, "indicator"), *stage = str_field(b, "stage");
        (*n_cv)++;
        const cJSON *match = take_match(jc, used, ind, stage);
        if (!match) {
            report("CV missing in junheng", "county.cv %s %s: no such entry in junheng",
                   nz(ind), nz(stage));
            continue;
        }
        if (compare_pair("county.cv", nz(ind), stage, match, b, "value", "limit", 0))
            same++;
    }
    int k = 0;
    const cJSON *j;
    cJSON_ArrayForEach(j, jc) {
        const char *ind = str_field(j, "indicator");
        if (!used[k] && compared_indicator(ind))
            report("CV extra in junheng", "county.cv %s %s: entry only in junheng", ind,
                   nz(str_field(j, "stage")));
        k++;
    }
    free(used);
    return same;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: compare JUNHENG.json BASELINE.json\n");
        return 2;
    }
    Doc jd, bd;
    doc_open(&jd, argv[1]);
    doc_open(&bd, argv[2]);

    long nschools = 0, n_same = 0, n_compared = 0, n_stages = 0, n_other = 0;
    int aligned = 1;
    for (;;) {
        cJSON *js = doc_next_school(&jd);
        cJSON *bs = doc_next_school(&bd);
        if (!js && !bs)
            break;
        if (!js || !bs) {
            report("school count differs", "school #%ld (%s) is only in %s", nschools + 1,
                   nz(str_field(js ? js : bs, "code")), js ? "junheng" : "the baseline");
            cJSON_Delete(js);
            cJSON_Delete(bs);
            aligned = 0;
            break;
        }
        const char *cj = str_field(js, "code"), *cb = str_field(bs, "code");
        if (!same_str(cj, cb)) {
            /* the files are walked in step; a different order would make
             * every later school differ, so stop here */
            report("school order differs", "school #%ld: code junheng=%s baseline=%s "
                   "(schools are not in the same order; comparison stopped)",
                   nschools + 1, nz(cj), nz(cb));
            cJSON_Delete(js);
            cJSON_Delete(bs);
            aligned = 0;
            break;
        }
        compare_school(js, bs, &n_same, &n_compared, &n_stages, &n_other);
        cJSON_Delete(js);
        cJSON_Delete(bs);
        nschools++;
    }

    long n_cv = 0, cv_same = 0;
    if (aligned)
        cv_same = compare_cv(&jd, &bd, &n_cv);

    if (ndiff == 0) {
        printf("cross-check: %ld results identical (%ld schools, %ld school-stages, "
               "indicators I1-I7 and RA; %ld county CVs identical; "
               "%ld junheng results of other indicators not compared)\n",
               n_same, nschools, n_stages, cv_same, n_other);
    } else {
        if (ndiff > MAX_SHOWN)
            printf("  … %ld more\n", ndiff - MAX_SHOWN);
        printf("cross-check: %ld difference%s: %ld of %ld results identical, "
               "%ld of %ld county CVs identical (%ld schools compared)\n",
               ndiff, ndiff == 1 ? "" : "s", n_same, n_compared, cv_same, n_cv, nschools);
        printf("differences by kind:\n");
        for (int i = 0; i < ntally; i++)
            printf("  %8ld  %s\n", tally[i].n, tally[i].key);
        if (tally_other)
            printf("  %8ld  (other kinds)\n", tally_other);
    }
    doc_close(&jd);
    doc_close(&bd);
    return ndiff == 0 ? 0 : 1;
}
