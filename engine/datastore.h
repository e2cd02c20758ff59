/* datastore.h — a dataset read once and kept in memory, to be evaluated
 * again and again under rules being edited (junheng serve).
 *
 * A reader lays values out in the slots of the rule set it reads with; the
 * store keeps them so, with a copy of that layout (field names, types,
 * words, slots), and closes the reader. datastore_bind lays the same values
 * out for another rule set, matching fields by level and name and enum
 * words by their text; when the rule set declares the fields as the data
 * was read, the store's own records serve as they are. The file is never
 * read again, and never written.
 * Ownership: the store owns everything it holds; a binding owns its copies
 * and must not outlive the store. */
#ifndef JH_DATASTORE_H
#define JH_DATASTORE_H
#include "arena.h"
#include "dataset.h"
#include "diag.h"
#include "rules.h"

typedef struct DataStore DataStore;

/* The store's schools and county laid out for one rule set. */
typedef struct BoundData {
    const SchoolData *schools;
    int nschools;
    const CountyData *county;
    Arena arena;          /* the copies, when the layout differs */
} BoundData;

/* Reads every school of the dataset at path (a JSON file or a CSV folder,
 * as reader_open) with the place of each value, under rs. NULL with the
 * dataset's diagnostics when it is invalid. rs may die after. */
DataStore *datastore_read(const char *path, const RuleSet *rs, const char *encoding, DiagList *diags);
void datastore_free(DataStore *ds);

const char *datastore_path(const DataStore *ds);
/* 数据集.名称, and its digest (as reader_sha256). */
const char *datastore_name(const DataStore *ds);
const char *datastore_sha256(const DataStore *ds);
/* The county as read (for the evaluation date: its 年度). */
const CountyData *datastore_county(const DataStore *ds);
int datastore_nschools(const DataStore *ds);

/* The data laid out for rs. A field rs declares that the data was not read
 * with (new, or of another type, or a split field that was not split)
 * stays missing, and so does a word rs no longer lists: each such field
 * gets a warning at its declaration in diags, since only a restart reads
 * the dataset again under the new declaration. */
BoundData *datastore_bind(const DataStore *ds, const RuleSet *rs, DiagList *diags);
void datastore_unbind(BoundData *b);

#endif
