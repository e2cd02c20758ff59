/* excel.c — the Excel libraries, loaded when first needed (see excel.h). */
#define JH_EXCEL_FUNCTIONS
#include "excel.h"
#include <dlfcn.h>
#include <pthread.h>

enum { EXPAT, XLSXWRITER, ZIP, LIBRARIES };

/* Each library by the name the Debian 12 package installs it under. */
static const struct {
    const char *soname, *package;
} libraries[LIBRARIES] = {
    [EXPAT] = {"libexpat.so.1", "libexpat1"},
    [XLSXWRITER] = {"libxlsxwriter.so.4", "libxlsxwriter4"},
    [ZIP] = {"libzip.so.4", "libzip4"},
};

ExcelFunctions excel;

static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER;
static int loaded;

int excel_load_from(const char *const sonames[], DiagList *diags)
{
    pthread_mutex_lock(&loading);
    int ok = loaded;
    void *handle[LIBRARIES] = {0};
    for (int i = 0; i < LIBRARIES && !ok; i++) {
        if ((handle[i] = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL))) continue;
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_EXCEL_LIBRARY, sonames[i], dlerror(), libraries[i].package);
        break;
    }
    if (!ok && handle[LIBRARIES - 1]) {
        ok = 1;
#define EXCEL_RESOLVE(lib, fn) \
        if (ok && !(*(void **)&excel.fn = dlsym(handle[lib], #fn))) { \
            diag_at(diags, DIAG_ERROR, NULL, 0, MSG_EXCEL_LIBRARY, libraries[lib].soname, dlerror(), libraries[lib].package); \
            ok = 0; \
        }
        EXCEL_FUNCTIONS(EXCEL_RESOLVE)
#undef EXCEL_RESOLVE
    }
    if (!ok)
        for (int i = 0; i < LIBRARIES; i++)
            if (handle[i]) dlclose(handle[i]);
    loaded = ok;
    pthread_mutex_unlock(&loading);
    return ok ? 0 : -1;
}

int excel_load(DiagList *diags)
{
    const char *sonames[LIBRARIES];
    for (int i = 0; i < LIBRARIES; i++) sonames[i] = libraries[i].soname;
    return excel_load_from(sonames, diags);
}
