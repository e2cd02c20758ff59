/* rules.c — reading a rule set from disk: files, hash, parse, check. */
#include "rules.h"
#include "check.h"
#include "digest.h"
#include "layout.h"
#include "limits.h"
#include <assert.h>
#include "parse.h"
#include "script.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

void rules_init_levels(RuleSet *rs)
{
    /* The units of evaluation and the dataset's keys for them (layout.h). */
    rs->levels[LV_COUNTY] = (LevelDecl){DS_KEY_COUNTY, LV_NONE, {0}};
    rs->levels[LV_SCHOOL] = (LevelDecl){DS_KEY_SCHOOLS, LV_COUNTY, {0}};
    rs->levels[LV_STAGE] = (LevelDecl){DS_KEY_STAGES, LV_SCHOOL, {0}};
    rs->nlevels = LV_RECORDS;
}

const char *level_name(const RuleSet *rs, Level lv)
{
    assert(lv >= 0 && lv < rs->nlevels);
    return rs->levels[lv].name;
}

Level level_parent(const RuleSet *rs, Level lv)
{
    assert(lv >= 0 && lv < rs->nlevels);
    return rs->levels[lv].parent;
}

Level level_by_name(const RuleSet *rs, const char *name)
{
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++)
        if (strcmp(name, rs->levels[lv].name) == 0) return lv;
    return LV_NONE;
}

char *level_names(const RuleSet *rs, Arena *a, Level from)
{
    const char *sep = "\n"; /* a list for %L */
    size_t n = 1;
    for (Level lv = from; lv < rs->nlevels; lv++) n += strlen(rs->levels[lv].name) + 1;
    char *s = arena_alloc(a, n);
    for (Level lv = from; lv < rs->nlevels; lv++) {
        if (lv > from) strcat(s, sep);
        strcat(s, rs->levels[lv].name);
    }
    return s;
}

static unsigned hash_name(Level lv, const char *s, size_t n)
{
    unsigned h = 2166136261u ^ (unsigned)lv;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

void rules_index_fields(RuleSet *rs)
{
    unsigned size = 16;
    while (size < (unsigned)rs->nfields * 2) size *= 2;
    rs->field_hash = arena_alloc(&rs->arena, size * sizeof *rs->field_hash);
    rs->field_hash_mask = size - 1;
    for (int i = 0; i < rs->nfields; i++) {
        const char *name = rs->fields[i]->name;
        Level lv = rs->fields[i]->level;
        unsigned h = hash_name(lv, name, strlen(name)) & rs->field_hash_mask;
        while (rs->field_hash[h]) {
            if (rs->field_hash[h]->level == lv && strcmp(rs->field_hash[h]->name, name) == 0)
                break; /* duplicate: the checker reports it */
            h = (h + 1) & rs->field_hash_mask;
        }
        if (!rs->field_hash[h]) rs->field_hash[h] = rs->fields[i];
    }
}

const FieldDecl *rules_field(const RuleSet *rs, Level lv, const char *name)
{
    if (!rs->field_hash) return NULL;
    size_t len = strlen(name);
    for (unsigned h = hash_name(lv, name, len) & rs->field_hash_mask; rs->field_hash[h];
         h = (h + 1) & rs->field_hash_mask) {
        const FieldDecl *f = rs->field_hash[h];
        if (f->level == lv && strcmp(f->name, name) == 0) return f;
    }
    return NULL;
}

int rules_is_field(const RuleSet *rs, const char *name)
{
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++)
        if (rules_field(rs, lv, name)) return 1;
    return 0;
}

Indicator *rules_indicator(const RuleSet *rs, const char *id)
{
    for (int i = 0; i < rs->nindicators; i++)
        if (strcmp(rs->indicators[i]->id, id) == 0) return rs->indicators[i];
    return NULL;
}

void span_location(Span sp, char *buf, size_t n)
{
    int line, col;
    source_position(sp.src, sp.start, &line, &col);
    const char *path = sp.src->path;
    char cwd[4096];
    size_t k = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
    if (k && path[0] == '/' && strncmp(path, cwd, k) == 0 && path[k] == '/') path += k + 1; /* as a user in this folder types it */
    snprintf(buf, n, "%s:%d", path, line);
}

int span_text(Span sp, const char **text)
{
    *text = sp.src->text + sp.start;
    return (int)sp.len;
}

char *span_strdup(Span sp)
{
    char *s = xmalloc(sp.len + 1);
    memcpy(s, sp.src->text + sp.start, sp.len);
    s[sp.len] = 0;
    return s;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

/* The .jh files of a folder, sorted, or the path itself for a file. */
static char **files_of(const char *path, const char *suffix, int *n, DiagList *diags);

static char **rule_paths(const char *path, int *n, DiagList *diags)
{
    return files_of(path, ".jh", n, diags);
}

/* The files of a folder ending in suffix, sorted, or the path itself for a
 * file (given .jh only). */
static char **files_of(const char *path, const char *suffix, int *n, DiagList *diags)
{
    struct stat st;
    *n = 0;
    if (stat(path, &st) != 0) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, path, errno_text(errno));
        return NULL;
    }
    if (!S_ISDIR(st.st_mode)) {
        char **one = xmalloc(sizeof *one);
        if (strcmp(suffix, ".jh") != 0) return one; /* a single rule file has no scripts */
        one[0] = xstrdup(path);
        *n = 1;
        return one;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, path, errno_text(errno));
        return NULL;
    }
    char **paths = xmalloc(JH_MAX_RULE_FILES * sizeof *paths);
    struct dirent *ent;
    while ((ent = readdir(dir))) {
        if (!has_suffix(ent->d_name, suffix)) continue;
        if (*n == JH_MAX_RULE_FILES) { /* refused whole: never a rule set read in part */
            diag_at(diags, DIAG_ERROR, NULL, 0, MSG_CHK_TOO_MANY_FILES, path, suffix, JH_MAX_RULE_FILES);
            while (*n > 0) free(paths[--*n]);
            free(paths);
            closedir(dir);
            return NULL;
        }
        size_t len = strlen(path) + strlen(ent->d_name) + 2;
        paths[*n] = xmalloc(len);
        snprintf(paths[*n], len, "%s/%s", path, ent->d_name);
        (*n)++;
    }
    closedir(dir);
    qsort(paths, (size_t)*n, sizeof *paths, compare_names);
    if (*n == 0 && strcmp(suffix, ".jh") == 0) diag_at(diags, DIAG_ERROR, NULL, 0, MSG_CHK_NO_RULES, path);
    return paths;
}

/* The folder's last component, the rule set's name when it declares none. */
static char *base_name(Arena *a, const char *path)
{
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/') end--;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/') start--;
    const char *dot = NULL;
    for (size_t i = start; i < end; i++)
        if (path[i] == '.') dot = path + i;
    if (dot && dot > path + start) end = (size_t)(dot - path);
    return arena_strndup(a, path + start, end - start);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Tries the scripts once in a sandbox under the rule set's budgets: their
 * errors are reported now, and the functions they define are listed for
 * the checker. Each run loads them again into a sandbox of its own. */
static void try_scripts(RuleSet *rs, DiagList *diags)
{
    if (!rs->nscripts) return;
    ScriptLimits lim = {(long)rs->limits[0], (size_t)(rs->limits[1] * 1048576.0), rs->limits[2]};
    Script *script = script_new(&lim);
    if (!script) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_SCRIPT_MEMORY, lim.memory_bytes, MSG_SCRIPT_LOAD_CONTEXT);
        return;
    }
    for (int i = 0; i < rs->nscripts; i++) script_load(script, &rs->scripts[i], diags);
    int n = script_function_count(script);
    rs->script_functions = arena_alloc(&rs->arena, (size_t)(n + 1) * sizeof *rs->script_functions);
    for (int i = 0; i < n; i++) {
        const char *name = script_function_name(script, i);
        rs->script_functions[i] = arena_strndup(&rs->arena, name, strlen(name));
    }
    rs->nscript_functions = n;
    qsort(rs->script_functions, (size_t)n, sizeof *rs->script_functions, compare_strings);
    script_free(script);
}

int rules_script_function(const RuleSet *rs, const char *name)
{
    return rs->nscript_functions &&
           bsearch(&name, rs->script_functions, (size_t)rs->nscript_functions, sizeof *rs->script_functions,
                   compare_strings) != NULL;
}

static RuleSet *checked(RuleSet *rs, const char *path, DiagList *diags);

/* Fills src with a copy of text, as if read from path. */
static void source_from_text(Source *src, const char *path, const char *text, size_t len)
{
    src->path = xstrdup(path);
    src->text = xmalloc(len + 1);
    memcpy(src->text, text, len);
    src->text[len] = '\0';
    src->len = len;
}

static const char *file_name(const char *path)
{
    return strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
}

/* The text the loader takes for one file of the folder instead of what is
 * on disk (an edit not yet saved); name NULL for none. */
typedef struct Replacement {
    const char *name, *text;
    size_t len;
    int used;
} Replacement;

/* Reads path's file into src, or takes the replacement's text when it
 * names this file. Returns 0, or -1 with errno set. */
static int read_or_replace(Source *src, const char *path, Replacement *with)
{
    if (with->name && strcmp(file_name(path), with->name) == 0) {
        with->used = 1;
        source_from_text(src, path, with->text, with->len);
        return 0;
    }
    return source_read(src, path, JH_MAX_RULE_FILE_BYTES);
}

static RuleSet *load(const char *path, Replacement *with, DiagList *diags)
{
    int n;
    char **paths = rule_paths(path, &n, diags);
    if (!paths) return NULL;
    RuleSet *rs = xcalloc(1, sizeof *rs);
    rules_init_levels(rs);
    arena_init(&rs->arena, 64 * 1024);
    rs->path = arena_strndup(&rs->arena, path, strlen(path));
    rs->files = xcalloc((size_t)n + 1, sizeof *rs->files);
    Digest *hash = digest_new();
    for (int i = 0; i < n; i++) {
        Source *src = &rs->files[rs->nfiles];
        if (read_or_replace(src, paths[i], with) != 0) {
            if (errno == EFBIG) diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_TOO_LARGE, paths[i], JH_MAX_RULE_FILE_BYTES);
            else diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, paths[i], errno_text(errno));
            continue;
        }
        rs->nfiles++;
        const char *name = file_name(src->path);
        digest_update(hash, name, strlen(name) + 1);
        digest_update(hash, src->text, src->len);
        parse_source(rs, src, diags);
    }
    for (int i = 0; i < n; i++) free(paths[i]);
    free(paths);
    /* Scripts: read (and hashed) now, loaded once the budgets are known. */
    char **scripts = files_of(path, ".lua", &n, diags);
    rs->scripts = xcalloc((size_t)n + 1, sizeof *rs->scripts);
    for (int i = 0; i < n; i++) {
        Source *src = &rs->scripts[rs->nscripts];
        if (read_or_replace(src, scripts[i], with) != 0) {
            diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, scripts[i], errno_text(errno));
        } else {
            rs->nscripts++;
            const char *name = file_name(src->path);
            digest_update(hash, name, strlen(name) + 1);
            digest_update(hash, src->text, src->len);
        }
        free(scripts[i]);
    }
    free(scripts);
    digest_finish(hash, rs->sha256);
    if (with->name && !with->used) diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, with->name, errno_text(ENOENT));
    if (diags->errors == 0) try_scripts(rs, diags);
    return checked(rs, path, diags);
}

RuleSet *rules_load(const char *path, DiagList *diags)
{
    Replacement none = {NULL, NULL, 0, 0};
    return load(path, &none, diags);
}

RuleSet *rules_load_with(const char *path, const char *name, const char *text, size_t len, DiagList *diags)
{
    Replacement with = {name, text, len, 0};
    return load(path, &with, diags);
}

/* Names the rule set (after its file or folder when it does not), checks
 * it once everything parsed, and hands it over only when valid. */
static RuleSet *checked(RuleSet *rs, const char *path, DiagList *diags)
{
    if (!rs->name) rs->name = base_name(&rs->arena, path);
    if (diags->errors == 0 && rs->nfiles) check_rules(rs, diags);
    if (diags->errors) {
        rules_free(rs);
        return NULL;
    }
    return rs;
}

RuleSet *rules_load_text(const char *name, const char *text, size_t len, DiagList *diags)
{
    RuleSet *rs = xcalloc(1, sizeof *rs);
    rules_init_levels(rs);
    arena_init(&rs->arena, 64 * 1024);
    rs->path = arena_strndup(&rs->arena, name, strlen(name));
    rs->files = xcalloc(1, sizeof *rs->files);
    Source *src = &rs->files[rs->nfiles++];
    source_from_text(src, name, text, len);
    Digest *hash = digest_new();
    digest_update(hash, name, strlen(name) + 1);
    digest_update(hash, text, len);
    digest_finish(hash, rs->sha256);
    parse_source(rs, src, diags);
    return checked(rs, name, diags);
}

int rules_load_tests(RuleSet *rs, DiagList *diags)
{
    int before = diags->errors;
    size_t n = strlen(rs->path) + 16;
    char *dir = xmalloc(n);
    snprintf(dir, n, "%s/测试", rs->path);
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        int count;
        char **paths = rule_paths(dir, &count, diags);
        rs->test_files = xcalloc((size_t)count + 1, sizeof *rs->test_files);
        for (int i = 0; i < count; i++) {
            Source *src = &rs->test_files[rs->ntest_files];
            if (source_read(src, paths[i], JH_MAX_RULE_FILE_BYTES) != 0) {
                diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, paths[i], errno_text(errno));
            } else {
                rs->ntest_files++;
                parse_tests(rs, src, diags);
            }
            free(paths[i]);
        }
        free(paths);
    }
    free(dir);
    if (diags->errors == before) check_tests(rs, diags);
    return diags->errors - before;
}

void rules_free(RuleSet *rs)
{
    if (!rs) return;
    for (int i = 0; i < rs->nfiles; i++) source_free(&rs->files[i]);
    free(rs->files);
    for (int i = 0; i < rs->ntest_files; i++) source_free(&rs->test_files[i]);
    free(rs->test_files);
    for (int i = 0; i < rs->nscripts; i++) source_free(&rs->scripts[i]);
    free(rs->scripts);
    free(rs->gathers);
    arena_free(&rs->arena);
    free(rs);
}
