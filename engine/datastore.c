/* datastore.c — a dataset kept in memory and laid out for any rule set (see datastore.h). */
#include "datastore.h"
#include "reader.h"
#include <stdlib.h>
#include <string.h>

/* A field as the data was read with it. */
typedef struct KeptField {
    Level level;
    const char *name;
    DeclType decl;
    const char **words;
    int nwords;
    int slot, split, stage_slot;
} KeptField;

struct DataStore {
    Arena arena;          /* everything below */
    const char *path, *name;
    char sha256[65];
    SchoolData *schools;
    int nschools, cap;
    CountyData county;
    KeptField *fields;    /* the layout of the values */
    int nfields;
    LevelDecl levels[JH_MAX_LEVELS]; /* the levels they were read with: rows are kept by these */
    int nlevels;
    int nslots[JH_MAX_LEVELS];
    const char **files;   /* the distinct Where.file strings */
    int nfiles;
};

static char *copy_text(Arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* The store's copy of a file name the reader gave (the reader's dies with it). */
static const char *kept_file(DataStore *ds, const char *file)
{
    if (!file) return NULL;
    for (int i = 0; i < ds->nfiles; i++)
        if (strcmp(ds->files[i], file) == 0) return ds->files[i];
    ds->files = xrealloc(ds->files, (size_t)(ds->nfiles + 1) * sizeof *ds->files);
    return ds->files[ds->nfiles++] = copy_text(&ds->arena, file);
}

static Value *copy_values(Arena *a, const Value *v, int n)
{
    Value *out = arena_alloc_raw(a, (size_t)n * sizeof *out);
    memcpy(out, v, (size_t)n * sizeof *out);
    for (int i = 0; i < n; i++)
        if (out[i].tag == V_TEXT) out[i].text = copy_text(a, v[i].text);
    return out;
}

static int *copy_ints(Arena *a, const int *v, int n)
{
    if (!v) return NULL;
    int *out = arena_alloc_raw(a, (size_t)n * sizeof *out);
    memcpy(out, v, (size_t)n * sizeof *out);
    return out;
}

static void copy_rows(Arena *a, Rows *to, const Rows *from, int nslots)
{
    to->count = from->count;
    to->rows = arena_alloc(a, (size_t)(from->count + 1) * sizeof *to->rows);
    for (int i = 0; i < from->count; i++) to->rows[i] = copy_values(a, from->rows[i], nslots + 1);
}

/* The county outlives the reader: everything of it is copied. */
static void keep_county(DataStore *ds, const CountyData *c, const RuleSet *rs)
{
    CountyData *k = &ds->county;
    int n = rs->nslots[LV_COUNTY] + 1;
    k->name = copy_text(&ds->arena, c->name);
    k->year = c->year;
    k->values = copy_values(&ds->arena, c->values, n);
    k->where.file = kept_file(ds, c->where.file);
    k->where.line = copy_ints(&ds->arena, c->where.line, n);
    k->where.col = copy_ints(&ds->arena, c->where.col, n);
    k->where.a1 = c->where.a1;
    for (Level lv = LV_RECORDS; lv < rs->nlevels; lv++)
        if (level_parent(rs, lv) == LV_COUNTY && c->rows[lv].count)
            copy_rows(&ds->arena, &k->rows[lv], &c->rows[lv], rs->nslots[lv]);
}

/* A school read into the store's arena: only its file names are the reader's. */
static void keep_school(DataStore *ds, SchoolData *s)
{
    s->where.file = kept_file(ds, s->where.file);
    for (int i = 0; i < s->nstages; i++) s->stages[i].where.file = kept_file(ds, s->stages[i].where.file);
    if (ds->nschools == ds->cap) {
        ds->cap = ds->cap ? ds->cap * 2 : 256;
        ds->schools = xrealloc(ds->schools, (size_t)ds->cap * sizeof *ds->schools);
    }
    ds->schools[ds->nschools++] = *s;
}

static void keep_layout(DataStore *ds, const RuleSet *rs)
{
    ds->fields = arena_alloc(&ds->arena, (size_t)(rs->nfields + 1) * sizeof *ds->fields);
    for (int i = 0; i < rs->nfields; i++) {
        const FieldDecl *f = rs->fields[i];
        KeptField *k = &ds->fields[ds->nfields++];
        *k = (KeptField){f->level, copy_text(&ds->arena, f->name), f->decl, NULL, f->nwords, f->slot, f->split, f->stage_slot};
        k->words = arena_alloc(&ds->arena, (size_t)(f->nwords + 1) * sizeof *k->words);
        for (int w = 0; w < f->nwords; w++) k->words[w] = copy_text(&ds->arena, f->words[w]);
    }
    memcpy(ds->nslots, rs->nslots, sizeof ds->nslots);
    ds->nlevels = rs->nlevels;
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++)
        ds->levels[lv] = (LevelDecl){copy_text(&ds->arena, rs->levels[lv].name), rs->levels[lv].parent, {0}};
}

DataStore *datastore_read(const char *path, const RuleSet *rs, const char *encoding, DiagList *diags)
{
    Reader *r = reader_open(path, rs, diags, encoding, 1);
    if (!r) return NULL;
    DataStore *ds = xcalloc(1, sizeof *ds);
    arena_init(&ds->arena, 1 << 20);
    /* After an error the rest is read only to report every error at once. */
    Arena dropped;
    arena_init(&dropped, 64 * 1024);
    SchoolData school;
    int got;
    while ((got = reader_next(r, &school, diags->errors ? &dropped : &ds->arena)) == 1) {
        if (diags->errors) arena_reset(&dropped);
        else keep_school(ds, &school);
    }
    arena_free(&dropped);
    if (got != 0 || diags->errors) {
        reader_close(r);
        datastore_free(ds);
        return NULL;
    }
    keep_county(ds, reader_county(r), rs);
    reader_sha256(r, ds->sha256);
    reader_close(r);
    keep_layout(ds, rs);
    ds->path = copy_text(&ds->arena, path);
    ds->name = ds->county.name ? ds->county.name : ds->path;
    return ds;
}

void datastore_free(DataStore *ds)
{
    if (!ds) return;
    free(ds->schools);
    free(ds->files);
    arena_free(&ds->arena);
    free(ds);
}

const char *datastore_path(const DataStore *ds) { return ds->path; }
const char *datastore_name(const DataStore *ds) { return ds->name; }
const char *datastore_sha256(const DataStore *ds) { return ds->sha256; }
const CountyData *datastore_county(const DataStore *ds) { return &ds->county; }
int datastore_nschools(const DataStore *ds) { return ds->nschools; }

/* ---- binding ---- */

/* Where each slot of the new layout takes its value from: the old slot
 * (-1: none, missing) and, for an enum, old word → new word (NULL: the
 * same words); and each level its records: the old level of that name and
 * parent (LV_NONE: none, no records). */
typedef struct Plan {
    int *from[JH_MAX_LEVELS];
    const int **words[JH_MAX_LEVELS];
    Level old_level[JH_MAX_LEVELS];
} Plan;

static const KeptField *kept_field(const DataStore *ds, Level lv, const char *name)
{
    for (int i = 0; i < ds->nfields; i++)
        if (ds->fields[i].level == lv && strcmp(ds->fields[i].name, name) == 0) return &ds->fields[i];
    return NULL;
}

/* Old word index → new word index by text; NULL when they are the same.
 * A word f no longer lists is warned about: values written so go missing. */
static const int *word_map(Arena *a, const KeptField *k, const FieldDecl *f, DiagList *diags)
{
    int same = k->nwords == f->nwords;
    int *map = arena_alloc(a, (size_t)(k->nwords + 1) * sizeof *map);
    for (int w = 0; w < k->nwords; w++) {
        map[w] = -1;
        for (int n = 0; n < f->nwords; n++)
            if (strcmp(k->words[w], f->words[n]) == 0) map[w] = n;
        same &= map[w] == w;
        if (map[w] < 0) diag_at(diags, DIAG_WARNING, f->span.src, f->span.start, MSG_SERVE_WORD_UNREAD, f->name, k->words[w]);
    }
    return same ? NULL : map;
}

/* Fills the plan for rs; returns whether it is the identity (rs declares
 * the fields exactly as the data was read). */
static int plan(const DataStore *ds, const RuleSet *rs, Arena *a, Plan *p, DiagList *diags)
{
    int same = rs->nfields == ds->nfields && rs->nlevels == ds->nlevels;
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++) {
        p->old_level[lv] = LV_NONE;
        for (Level old = LV_COUNTY; old < ds->nlevels; old++)
            if (strcmp(ds->levels[old].name, rs->levels[lv].name) == 0 && ds->levels[old].parent == rs->levels[lv].parent)
                p->old_level[lv] = old;
        same &= p->old_level[lv] == lv;
        p->from[lv] = arena_alloc_raw(a, (size_t)(rs->nslots[lv] + 1) * sizeof *p->from[lv]);
        for (int s = 0; s <= rs->nslots[lv]; s++) p->from[lv][s] = -1;
        p->words[lv] = arena_alloc(a, (size_t)(rs->nslots[lv] + 1) * sizeof *p->words[lv]);
        same &= rs->nslots[lv] == ds->nslots[lv];
    }
    for (int i = 0; i < rs->nfields; i++) {
        const FieldDecl *f = rs->fields[i];
        const KeptField *k = p->old_level[f->level] == LV_NONE ? NULL : kept_field(ds, p->old_level[f->level], f->name);
        if (!k || k->decl != f->decl || (f->split && !k->split)) {
            diag_at(diags, DIAG_WARNING, f->span.src, f->span.start, MSG_SERVE_FIELD_UNREAD, f->name);
            same = 0;
            continue;
        }
        p->from[f->level][f->slot] = k->slot;
        p->words[f->level][f->slot] = f->nwords ? word_map(a, k, f, diags) : NULL;
        same &= k->slot == f->slot && !p->words[f->level][f->slot];
        if (f->split) {
            p->from[LV_STAGE][f->stage_slot] = k->stage_slot;
            same &= k->stage_slot == f->stage_slot;
        }
    }
    return same;
}

static Value *relay_values(Arena *a, const Plan *p, Level lv, int nslots, const Value *old)
{
    Value *out = arena_alloc(a, (size_t)(nslots + 1) * sizeof *out);
    for (int s = 0; s < nslots; s++) {
        int o = p->from[lv][s];
        if (o < 0) continue;
        Value v = old[o];
        const int *words = p->words[lv][s];
        if (v.tag == V_WORD && words) {
            if (words[(int)v.num] < 0) continue; /* a word no longer listed: missing */
            v.num = words[(int)v.num];
        }
        out[s] = v;
    }
    return out;
}

static int *relay_ints(Arena *a, const Plan *p, Level lv, int nslots, const int *old)
{
    if (!old) return NULL;
    int *out = arena_alloc(a, (size_t)(nslots + 1) * sizeof *out);
    for (int s = 0; s < nslots; s++)
        if (p->from[lv][s] >= 0) out[s] = old[p->from[lv][s]];
    return out;
}

static void relay_where(Arena *a, const Plan *p, Level lv, int nslots, Where *to, const Where *from)
{
    to->file = from->file;
    to->line = relay_ints(a, p, lv, nslots, from->line);
    to->col = relay_ints(a, p, lv, nslots, from->col);
    to->a1 = from->a1;
}

static void relay_rows(Arena *a, const Plan *p, const RuleSet *rs, Level parent, Rows *to, const Rows *from)
{
    for (Level lv = LV_RECORDS; lv < rs->nlevels; lv++) {
        Level old = p->old_level[lv];
        if (level_parent(rs, lv) != parent || old == LV_NONE || !from[old].count) continue;
        to[lv].rows = arena_alloc(a, (size_t)(from[old].count + 1) * sizeof *to[lv].rows);
        to[lv].count = from[old].count;
        for (int i = 0; i < from[old].count; i++) to[lv].rows[i] = relay_values(a, p, lv, rs->nslots[lv], from[old].rows[i]);
    }
}

static void relay_school(Arena *a, const Plan *p, const RuleSet *rs, SchoolData *to, const SchoolData *from)
{
    *to = *from;
    to->values = relay_values(a, p, LV_SCHOOL, rs->nslots[LV_SCHOOL], from->values);
    relay_where(a, p, LV_SCHOOL, rs->nslots[LV_SCHOOL], &to->where, &from->where);
    /* A stage record whose stage word the rules no longer list is left out. */
    const int *stage_words = p->words[LV_STAGE][rs->stage_field->slot];
    to->nstages = 0;
    for (int i = 0; i < from->nstages; i++) {
        const StageData *sd = &from->stages[i];
        int word = stage_words ? stage_words[sd->word] : sd->word;
        if (word < 0) continue;
        StageData *out = &to->stages[to->nstages++];
        out->word = word;
        out->values = relay_values(a, p, LV_STAGE, rs->nslots[LV_STAGE], sd->values);
        relay_where(a, p, LV_STAGE, rs->nslots[LV_STAGE], &out->where, &sd->where);
    }
    memset(to->rows, 0, sizeof to->rows);
    relay_rows(a, p, rs, LV_SCHOOL, to->rows, from->rows);
}

BoundData *datastore_bind(const DataStore *ds, const RuleSet *rs, DiagList *diags)
{
    BoundData *b = xcalloc(1, sizeof *b);
    arena_init(&b->arena, 64 * 1024);
    Plan p;
    b->nschools = ds->nschools;
    if (plan(ds, rs, &b->arena, &p, diags)) {
        b->schools = ds->schools;
        b->county = &ds->county;
        return b;
    }
    SchoolData *schools = arena_alloc(&b->arena, (size_t)(ds->nschools + 1) * sizeof *schools);
    for (int i = 0; i < ds->nschools; i++) relay_school(&b->arena, &p, rs, &schools[i], &ds->schools[i]);
    CountyData *county = arena_alloc(&b->arena, sizeof *county);
    *county = ds->county;
    county->values = relay_values(&b->arena, &p, LV_COUNTY, rs->nslots[LV_COUNTY], ds->county.values);
    relay_where(&b->arena, &p, LV_COUNTY, rs->nslots[LV_COUNTY], &county->where, &ds->county.where);
    memset(county->rows, 0, sizeof county->rows);
    relay_rows(&b->arena, &p, rs, LV_COUNTY, county->rows, ds->county.rows);
    b->schools = schools;
    b->county = county;
    return b;
}

void datastore_unbind(BoundData *b)
{
    if (!b) return;
    arena_free(&b->arena);
    free(b);
}
