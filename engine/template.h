/* template.h — the empty workbook a county fills in (junheng template):
 * one sheet per table of the dataset, named as the workbook reader expects
 * them (学校, 学段, 班级 …, 县级), written from the rule set's fields with
 * libxlsxwriter. A heading is the field's name with its unit in brackets,
 * 教学仪器设备值（元）; an enumeration's column has a drop-down list of its
 * words, a boolean's 是/否; a text column (学校代码) is formatted as text,
 * so that leading zeros stay; each heading's comment holds the field's
 * description and what its values must look like. The 县级 sheet lists the
 * county fields down its 字段 column, their values to be given under 值. */
#ifndef JH_TEMPLATE_H
#define JH_TEMPLATE_H
#include "msg.h"
#include "rules.h"

/* Writes the template to path, a file the caller has created (output.h);
 * returns 0, or -1 with errno set when it cannot be written. */
int template_write(const char *path, const RuleSet *rs, Lang lang);

#endif
