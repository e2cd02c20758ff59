/* workbook.h — the Excel workbook of an evaluation (libxlsxwriter): sheets
 * 汇总 (run manifest, verdict, categories, pass counts per indicator),
 * 学校明细 (a row per school-stage, columns per indicator: value, result,
 * clause; results coloured), 差异系数, 例外认定台账, 整改清单 and the official
 * tables 表Ⅱ-2 and 表Ⅲ (tables.h). */
#ifndef JH_WORKBOOK_H
#define JH_WORKBOOK_H
#include "gaps.h"
#include "report.h"
#include "tables.h"

/* Writes the workbook to path, a file the caller has created (output.h:
 * the library opens it by name); returns 0, or -1 with errno set when it
 * cannot be written. */
int workbook_write(const char *path, const Evaluation *ev, const RunInfo *info, const Gaps *gaps,
                   const OfficialTables *tables);

#endif
