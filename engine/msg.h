/* msg.h — the message catalogue: every text a user can see, in Chinese
 * (default) and English, and how an entry is written in a language.
 *
 * An entry is a printf-like format; both columns take the same arguments in
 * the same order (tests/unit/test_msg.c checks every entry). Nothing is
 * written in a language chosen once for the process: whoever writes a text
 * for people is given the language (main.c takes it from --lang), and a
 * diagnostic keeps its entry and arguments until it is printed (diag.h).
 *
 * The conversions an entry may use, each taking one argument:
 *   %s        a text (char *), or a catalogue text that msg_ref made: written
 *             in the language of the message (a word such as a type name);
 *   %d %i %u %x, with the length modifiers hh h l ll z j t, and
 *   %f %e %g %a (upper case too), with flags, width and precision as printf
 *             takes them (no '*');
 *   %M        another entry and its arguments: a MsgId, then the arguments
 *             that entry takes (a context written inside a message);
 *   %L        a list: a text whose items are separated by '\n', written
 *             joined as the language joins lists (LIST_SEPARATOR).
 * Entries are written with msg_print and the functions below, never with
 * printf itself, which knows neither %M, %L nor msg_ref. */
#ifndef JH_MSG_H
#define JH_MSG_H
#include <stdarg.h>
#include <stdio.h>
#include "keywords.h"

typedef enum { LANG_ZH, LANG_EN } Lang;

#define MSG_TABLE(X) \
    /* Diagnostics (diag.c) */ \
    X(SEV_ERROR, "错误", "error") \
    X(SEV_WARNING, "警告", "warning") \
    X(DIAG_DROPPED, "……另有 %d 个错误未显示\n", "... %d more errors not shown\n") \
    X(DIAG_DROPPED_WARNINGS, "……另有 %d 个警告未显示\n", "... %d more warnings not shown\n") \
    /* Words inside messages (msg.c): how a list is joined (%L), system errors (errno_text) */ \
    X(LIST_SEPARATOR, "、", ", ") \
    X(ERRNO_ENOENT, "文件或文件夹不存在", "No such file or directory") \
    X(ERRNO_EACCES, "没有访问权限", "Permission denied") \
    X(ERRNO_EISDIR, "这是文件夹，不是文件", "Is a directory") \
    X(ERRNO_ENOTDIR, "路径中有一段不是文件夹", "Not a directory") \
    X(ERRNO_ENOSPC, "磁盘空间不足", "No space left on device") \
    X(ERRNO_EROFS, "文件系统只读", "Read-only file system") \
    X(ERRNO_EADDRINUSE, "地址已被占用", "Address already in use") \
    /* Punctuation that differs between the languages (reports, explanations) */ \
    X(COMMA, "，", ", ") \
    X(COLON, "：", ": ") \
    X(SEMICOLON, "；", "; ") \
    X(OPEN_PAREN, "（", " (") \
    X(CLOSE_PAREN, "）", ")") \
    /* The words of results (report.c: the report, explain, diff, audit, gaps, workbook, workbench) */ \
    X(STATUS_PASS, "达标", "pass") \
    X(STATUS_PASS_EXCEPTION, "认定达标", "pass by exception") \
    X(STATUS_FAIL, "未达标", "fail") \
    X(STATUS_MISSING, "缺少数据", "missing data") \
    X(STATUS_NOT_APPLICABLE, "不适用", "not applicable") \
    X(VERDICT_PASS, "通过", "pass") \
    X(VERDICT_FAIL, "未通过", "fail") \
    X(VERDICT_INCOMPLETE, "数据不全，无法认定", "incomplete") \
    /* The text report (report.c) */ \
    X(REPORT_SECTION, "\n%s、%s\n", "\n%s. %s\n") \
    X(REPORT_SECTION_1, "一", "1") \
    X(REPORT_SECTION_2, "二", "2") \
    X(REPORT_SECTION_3, "三", "3") \
    X(REPORT_SECTION_4, "四", "4") \
    X(REPORT_SECTION_5, "五", "5") \
    X(REPORT_SECTION_6, "六", "6") \
    X(REPORT_SECTION_7, "七", "7") \
    X(REPORT_SECTION_8, "八", "8") \
    X(REPORT_SECTION_9, "九", "9") \
    X(REPORT_CATEGORIES, "各类别", "Categories") \
    X(REPORT_REASONS, "未通过与数据不全的原因", "Why categories fail or are incomplete") \
    X(REPORT_COUNTY, "县级指标", "County indicators") \
    X(REPORT_CVS, "校际差异系数", "Between-school coefficients of variation") \
    X(REPORT_ROLLUPS, "各指标达标情况（按评估单位计：学校或学校学段；达标 / 认定达标 / 未达标 / 缺少数据 / 不适用）", \
      "Results per indicator, counted per school or school-stage (pass / by exception / fail / missing / n.a.)") \
    X(REPORT_EXCEPTIONS, "依例外条款认定达标", "Passed by exception") \
    X(REPORT_MANIFEST, "规则集 %s（sha256 %.12s）· 数据集 sha256 %.12s · 评估日期 %04d-%02d-%02d · junheng %s · 生成于 %s\n", \
      "rules %s (sha256 %.12s) · dataset sha256 %.12s · evaluation date %04d-%02d-%02d · junheng %s · made %s\n") \
    X(REPORT_COUNTY_ROW, "县级", "county") \
    X(MISSING_ZERO, "%s 为 0，无法相除", "%s is 0, cannot divide") \
    X(MISSING_INDICATOR, "指标 %s 缺少数据", "indicator %s lacks data") \
    X(MISSING_SPLIT, "共用资源无法分摊到学段（有学段缺少 %s，或全为 0）", "shared resources cannot be split (a stage lacks %s, or all are 0)") \
    X(MISSING_ABSENT, "缺少 %s", "lacks %s") \
    X(REPORT_TITLE, " — 评估结果", " — evaluation") \
    X(REPORT_VERDICT, "评估结论：", "Verdict: ") \
    X(REPORT_VETOED, "，因 %s %s 不予认定", ", vetoed by %s %s") \
    X(RESULT_VALUE_THRESHOLD, "（值 %s，标准 %s %s）", " (value %s, threshold %s %s)") \
    X(REPORT_BY_CLAUSE, "，依 %s %s", ", by %s %s") \
    X(REPORT_CONDITION_FAILED, "，条件未满足：", ", condition not met: ") \
    X(CONDITION_COMPARE, "%s %s，标准 %s %s", "%s %s, threshold %s %s") \
    X(CONDITION_IS, "%s 为 %s", "%s is %s") \
    X(CONDITION_NOT_HELD, "%s 不成立", "%s does not hold") \
    X(CONDITION_HELD, "%s 成立", "%s holds") \
    X(CONDITION_MISSING, "%s 缺少数据", "%s lacks data") \
    X(REPORT_RESULT_LINE, " %s：%s", " %s: %s") \
    X(REPORT_FAILING_PART, "        %s %s：%s", "        %s %s: %s") \
    X(REPORT_SCHOOL_STATUS, "：%s", ": %s") \
    X(REPORT_CATEGORY_REASON, "  【%s】%s\n", "  [%s] %s\n") \
    X(REPORT_CV_REASON, "    %s %s · %s：%s（差异系数 %s，限值 %s %s）", "    %s %s · %s: %s (CV %s, limit %s %s)") \
    X(REPORT_COUNTY_REASON, "    %s %s（县级）：%s", "    %s %s (county): %s") \
    X(REPORT_ROLLUP_REASON, "    %s %s：%d 个未达标，%d 个缺少数据\n", "    %s %s: %d fail, %d lack data\n") \
    X(REPORT_CV_NO_SCHOOLS, "    %-4s %s  不涉及（没有该学段的学校）", "    %-4s %s  not applicable (no school of that stage)") \
    X(REPORT_CV_REFERENCE, "    %-4s %s  %s  仅供参考", "    %-4s %s  %s  for reference") \
    X(REPORT_FOOTER, \
      "\n共 %d 所学校。查看推导过程：junheng explain 数据集 --school 学校代码 --indicator 指标" \
      "（县级指标与汇总：省略 --school）\n", \
      "\n%d schools. How a result was derived: junheng explain DATASET --school CODE --indicator ID" \
      " (county results and roll-ups: without --school)\n") \
    X(ROLLUP_TITLE, " — 县级汇总 · 规则集 %s\n\n", " — county roll-up · rules %s\n\n") \
    X(ROLLUP_HEAD, "%s %s · 县级汇总\n依据：%s\n结果：%s\n", "%s %s · county roll-up\nSource: %s\nResult: %s\n") \
    X(ROLLUP_RULE, "汇总规则：任一适用的评估单位未达标即未达标；否则任一缺少数据即缺少数据；否则达标\n", "Rule: fails if any applicable unit fails; else missing data if any lacks data; else passes\n") \
    X(ROLLUP_UNITS, "评估单位：达标 %d，认定达标 %d，未达标 %d，缺少数据 %d，不适用 %d\n", "Units: pass %d, by exception %d, fail %d, missing data %d, not applicable %d\n") \
    X(ROLLUP_FAILING, "未达标与缺少数据的学校：", "Schools that fail or lack data:") \
    X(CV_TITLE, " — 校际差异系数 · 规则集 %s\n\n", " — coefficients of variation · rules %s\n\n") \
    X(CV_HEAD, "%s %s\n依据：%s\n", "%s %s\nSource: %s\n") \
    X(CV_FORMULA, \
      "公式：X̄ = Σ Pᵢ Xᵢ / P，S = √(Σ (Pᵢ / P)(Xᵢ − X̄)²)，差异系数 = S / X̄；Pᵢ 为加权量，Xᵢ 为该校该学段的指标值，\n" \
      "      只计适用的学校学段；任一适用的学校学段缺少指标值时为缺少数据（数值仍按其余学校学段计算）\n", \
      "Formula: X̄ = Σ Pᵢ Xᵢ / P, S = √(Σ (Pᵢ / P)(Xᵢ − X̄)²), CV = S / X̄, over the applicable school-stages;\n" \
      "         missing data when any of them lacks its value (the value is still computed over the others)\n") \
    X(CV_LINE, "%d 个学校学段，P = %s，X̄ = %s，S = %s，差异系数 %s", "%d school-stages, P = %s, X̄ = %s, S = %s, CV %s") \
    X(CV_MEAN, "各项差异系数的平均 %s", "mean of the CVs %s") \
    X(CV_LIMIT, "，限值 %s %s", ", limit %s %s") \
    /* The HTML report (html.c) */ \
    X(HTML_LANG, "zh-CN", "en") \
    X(HTML_TITLE, " — 评估报告", " — evaluation report") \
    X(HTML_VERDICT, "评估结论：", "Verdict: ") \
    X(HTML_ALL_PASS, "各类别均通过。", "Every category passes.") \
    X(HTML_COUNTY_TABLE, "县级指标与各指标的全县结果", "County indicators and the county result of every indicator") \
    X(HTML_COL_INDICATOR, "指标", "Indicator") \
    X(HTML_COL_NAME, "名称", "Name") \
    X(HTML_COL_RESULT, "结果", "Result") \
    X(HTML_COL_VALUE, "值", "Value") \
    X(HTML_COL_STANDARD, "标准", "Threshold") \
    X(HTML_COL_CONDITIONS, "条件（各自的值）", "Conditions (each with its value)") \
    X(HTML_ROLLUP_VALUE, "达标 %d，认定达标 %d，未达标 %d，缺少数据 %d", "pass %d, by exception %d, fail %d, missing %d") \
    X(HTML_ROLLUP_STANDARD, "每所适用的学校（学段）达标", "every applicable school (stage) passes") \
    X(HTML_RATES, "各指标达标率（学校、学段）", "Pass rates per indicator (schools, school-stages)") \
    X(HTML_CV_LIMIT, "限值 %s", "limit %s") \
    X(HTML_UNITS, "各校结果", "Results per school") \
    X(HTML_FILTER, "筛选", "Filter") \
    X(HTML_FILTER_PLACEHOLDER, "学校代码或名称", "school code or name") \
    X(HTML_FILTER_ALL, "全部", "all") \
    X(HTML_FILTER_FAIL, "有未达标", "with a failure") \
    X(HTML_FILTER_MISSING, "有缺少数据", "lacking data") \
    X(HTML_FILTER_EXCEPTION, "有认定达标", "with a pass by exception") \
    X(HTML_SORT_HINT, "（点击表头排序）", "(click a header to sort)") \
    X(HTML_COL_CODE, "学校代码", "School code") \
    X(HTML_COL_SCHOOL, "学校名称", "School") \
    X(HTML_COL_STAGE, "学段", "Stage") \
    X(HTML_EXPLANATIONS, "各校推导说明", "Explanations per school") \
    X(HTML_EXPLANATIONS_NOT_PRINTED, "各校推导说明不随打印输出：请在网页中点开学校查看，或用 junheng explain 数据集 --school 学校代码。", \
      "The explanations per school are not printed: open a school on the web page, or run junheng explain DATASET --school CODE.") \
    X(HTML_OFFICIAL_TABLES, "国家督导评估报告用表", "Tables of the national report") \
    /* The official tables (tables.c) */ \
    X(TABLES_II_2, "表Ⅱ-2 义务教育学校资源配置指标达标情况", "Table II-2 Resource indicators of each school") \
    X(TABLES_III, "表Ⅲ 义务教育学校资源配置指标校际差异系数", "Table III Between-school coefficients of variation of the resource indicators") \
    X(TABLES_YES, "是", "yes") \
    X(TABLES_NO, "否", "no") \
    /* Explanations (explain.c) */ \
    X(EXPLAIN_MISSING_VALUE, "（缺失）", "(missing)") \
    X(EXPLAIN_TRUE, "是", "true") \
    X(EXPLAIN_FALSE, "否", "false") \
    X(EXPLAIN_FROM_RECORD, "%s记录", "%s record") \
    X(EXPLAIN_FROM_STAGE_RECORD, "学段记录（该学段自报，不分摊）", "stage record (its own, not split)") \
    X(EXPLAIN_FROM_SPLIT, "学校记录 %s × 分摊份额 %s（按加权在校生数）", "school record %s × share %s (weighted enrolment)") \
    X(EXPLAIN_FROM_DEFAULT, "未填报，取默认值", "not given, default") \
    X(EXPLAIN_ELEMENT, "%s%s %s：%s", "%s%s %s: %s") \
    X(EXPLAIN_ELEMENT_VALUE, "（值 %s，标准 %s，为标准的 %s%%）", " (value %s, threshold %s, %s%% of it)") \
    X(EXPLAIN_ELEMENT_CLAUSE, "，依 %s", ", by %s") \
    X(EXPLAIN_ROW, "%s%s：", "%s%s: ") \
    X(EXPLAIN_SCHOOL, "%s学校 ", "%sschool ") \
    X(EXPLAIN_MORE_SCHOOLS, "%s……另有 %d 所学校\n", "%s... %d more schools\n") \
    X(EXPLAIN_UNDECIDABLE, "不成立（缺少数据，无法判断）", "does not hold (data missing, undecidable)") \
    X(EXPLAIN_DOES_NOT_HOLD, "不成立", "does not hold") \
    X(EXPLAIN_CONDITION, "条件", "condition") \
    X(EXPLAIN_HOLDS, "成立", "holds") \
    X(EXPLAIN_VALUE, "值", "value") \
    X(EXPLAIN_VALUE_THRESHOLD, "%s，标准 %s %s → %s", "%s, threshold %s %s → %s") \
    X(EXPLAIN_MET, "达到", "met") \
    X(EXPLAIN_NOT_MET, "未达到", "not met") \
    X(EXPLAIN_DATED_PARAM, "（参数 %s：%04d-%02d-%02d 起施行的取值）", " (parameter %s: the value in force from %04d-%02d-%02d)") \
    X(EXPLAIN_SCRIPT_CALL, "%s脚本调用 ", "%sscript call ") \
    X(EXPLAIN_SOURCE, "%s依据：%s\n%s规则：", "%sSource: %s\n%sRule: ") \
    X(EXPLAIN_COUNTY, "县级", "county") \
    X(EXPLAIN_RESULT, "结果：%s", "Result: %s") \
    X(EXPLAIN_BY_CLAUSE, "（依 %s %s，规则 %s）", " (by %s %s, rule %s)") \
    X(EXPLAIN_APPLIES, "适用范围", "Applies when") \
    X(EXPLAIN_APPLIES_YES, "适用", "applies") \
    X(EXPLAIN_APPLIES_NO, "不适用", "does not apply") \
    X(EXPLAIN_MAIN_TEST, "主测试", "Main test") \
    X(EXPLAIN_VETO, "否决条款 %s %s — %s\n", "Veto %s %s — %s\n") \
    X(EXPLAIN_VETO_HOLDS, "成立：不予认定达标", "holds: cannot pass") \
    X(EXPLAIN_EXCEPTIONS, "例外条款（主测试未达到时依次尝试，第一条成立者认定达标）", "Exceptions (tried in order when the main test fails; the first that holds decides)") \
    X(EXPLAIN_NOT_TRIED, "未尝试（已由 %s 认定）\n", "not tried (decided by %s)\n") \
    X(EXPLAIN_HOLDS_TOO, "成立（另满足；已由 %s 认定）\n", "holds too (decided by %s)\n") \
    X(EXPLAIN_SCHOOL_TYPE, "（%s）— 数据：", " (%s) — data: ") \
    X(EXPLAIN_SCHOOL_LINE, " 第 %d 行 · 规则集 %s\n\n", " line %d · rules %s\n\n") \
    X(EXPLAIN_COUNTY_TITLE, " — 县级指标 · 规则集 %s\n\n", " — county indicator · rules %s\n\n") \
    /* The exemption ledger (audit.c) */ \
    X(AUDIT_TYPE_NOT_GIVEN, "（未填写类型）", "(type not given)") \
    X(AUDIT_WITHOUT_EXCEPTION, "认定达标（依 %s）", "passed by exception (%s)") \
    X(AUDIT_VALUE, "值 %s", "value %s") \
    X(AUDIT_VALUE_THRESHOLD, "值 %s，标准 %s %s", "value %s, threshold %s %s") \
    X(AUDIT_TITLE, " — 例外认定台账", " — exemption ledger") \
    X(AUDIT_SUMMARY, "\n依例外条款认定达标的结果 %d 项，涉及学校 %d 所；规则集共有例外条款 %d 条，其中 %d 条未认定任何结果。\n", "\n%d results passed by exception, in %d schools; the rule set has %d exception clauses, %d of them decided nothing.\n") \
    X(AUDIT_SOURCE, "  依据：%s\n  规则：", "  Source: %s\n  Rule: ") \
    X(AUDIT_PASSED, "  认定达标 %d 项：", "  Passed %d results: ") \
    X(AUDIT_INDICATOR, "指标", "indicator ") \
    X(AUDIT_BY_THIS_CLAUSE, "依本条", "by this clause ") \
    X(AUDIT_CONDITION_HOLDS, "本条条件成立", "its condition holds") \
    X(AUDIT_OWN_THRESHOLD, "（本条标准 %s %s）", " (its threshold %s %s)") \
    X(AUDIT_ALSO_HELD, "；另满足 %s", "; %s hold too") \
    X(AUDIT_WITHOUT, "；若不适用 %s：%s\n", "; without %s: %s\n") \
    X(AUDIT_UNDECIDED, "\n未认定任何结果的例外条款：\n", "\nClauses that decided nothing:\n") \
    /* The gaps list (gaps.c) */ \
    X(GAPS_UNREACHABLE, "单独调整 %s 不能达标", "changing %s alone cannot pass") \
    X(GAPS_INPUT_MISSING, "%s 没有数据，先补报", "%s has no value: report it first") \
    X(GAPS_VETO, "因 %s %s 不予认定，须先消除该情形", "failed by %s %s: that situation must end first") \
    X(GAPS_EXCEPTION, "若 %s 为 是，可依 %s %s 认定达标", "with %s yes, %s %s would pass it") \
    X(GAPS_PARTS, "随所汇总的指标达标而达标", "passes when the indicators it reads pass") \
    X(GAP_KIND_CHANGE, "调整后可达标", "change") \
    X(GAP_KIND_UNREACHABLE, "单项调整不能达标", "unreachable") \
    X(GAP_KIND_INPUT_MISSING, "缺少数据", "input missing") \
    X(GAP_KIND_VETO, "被否决", "veto") \
    X(GAP_KIND_PARTS, "随所汇总的指标", "parts") \
    X(GAP_KIND_EXCEPTION, "可依例外条款认定", "exception") \
    X(GAP_KIND_NO_REMEDY, "规则未写整改项", "no remedy") \
    X(GAPS_NO_REMEDY, "规则没有写明可整改的输入，用 explain 查看推导", "the rule names no input to change: see explain") \
    X(GAPS_ADD, "%s 需增加 %s %s（%s → %s）", "%s: add %s %s (%s → %s)") \
    X(GAPS_REDUCE, "%s 需减少 %s %s（%s → %s）", "%s: reduce by %s %s (%s → %s)") \
    X(GAPS_TITLE, " — 整改清单", " — gaps") \
    X(GAPS_SUMMARY, "\n未达标的结果 %d 项，涉及学校 %d 所。所列改变量按规则本身算出：只改这一项、其他数据不变时，主测试恰好达到标准。\n", "\n%d failing results in %d schools. Each change is computed from the rule: with only that input changed, the main test just passes.\n") \
    /* Comparing two evaluations (diff.c) */ \
    X(DIFF_RESULT, " · %s%s%s：", " · %s%s%s: ") \
    X(DIFF_REASON, "（%s）\n", " (%s)\n") \
    X(DIFF_NEW_SCHOOL, "：新增的学校（%d 项结果）\n", ": new school (%d results)\n") \
    X(DIFF_GONE_SCHOOL, "：不再在数据集中（%d 项结果）\n", ": no longer in the dataset (%d results)\n") \
    X(DIFF_VERDICT, "评估结论：%s → %s\n", "Verdict: %s → %s\n") \
    X(DIFF_CATEGORY, "类别 %s：%s → %s\n", "Category %s: %s → %s\n") \
    X(DIFF_NOT_IN_FORCE, "\n注意：规则集 %s 的参数 %s 自 %04d-%02d-%02d 起取新值，评估日期 %04d-%02d-%02d 时尚未施行，以上比较按当日施行的取值；" \
      "用 --as-of %04d-%02d-%02d 查看按新值评估的结果。\n", \
      "\nNote: parameter %s %s takes a new value from %04d-%02d-%02d, not yet in force on the evaluation date %04d-%02d-%02d; " \
      "the comparison uses the value in force then. Use --as-of %04d-%02d-%02d to see the results under the new value.\n") \
    X(DIFF_NONE, "没有结果发生变化。\n", "No result changed.\n") \
    X(DIFF_TOTAL, "\n共 %d 项结果变化；按指标：\n", "\n%d results changed; per indicator:\n") \
    X(DIFF_COUNT_CV, "（%s）", "(%s) ") \
    X(DIFF_COUNT, "变化 %d（变好 %d，变差 %d）\n", "changed %d (better %d, worse %d)\n") \
    X(DIFF_WHY_VALUE, "数值越过标准", "value crossed the threshold") \
    X(DIFF_WHY_THRESHOLD, "标准改变", "threshold changed") \
    X(DIFF_WHY_CLAUSE, "起决定作用的条款改变（条款增删或其条件变化）", "deciding clause changed (clause added, removed or its condition changed)") \
    X(DIFF_WHY_PARTS, "所汇总的指标的结果、数值或标准变化", "the indicators it aggregates changed (result, value or threshold)") \
    X(DIFF_WHY_NEW, "新增的结果", "new result") \
    X(DIFF_WHY_GONE, "不再有的结果", "result no longer produced") \
    X(DIFF_WHY_OTHER, "数据或规则的其他变化", "other change of data or rules") \
    /* The data dictionary (dictionary.c) */ \
    X(FIELDS_MARKDOWN_TITLE, "# 数据字典（规则集 %s）\n\n由 `junheng fields --format markdown` 从规则集的字段声明生成，请勿手改。\n", "# Data dictionary (rule set %s)\n\nGenerated by `junheng fields --format markdown` from the rule set's field declarations.\n") \
    X(FIELDS_MARKDOWN_LEVEL, "\n## %s\n\n| 字段 | 类型 | 单位 | 说明 | 备注 | 用于指标 |\n|---|---|---|---|---|---|\n", "\n## %s\n\n| field | type | unit | description | notes | used by |\n|---|---|---|---|---|---|\n") \
    X(FIELDS_SPLIT, "按学段分摊", "split by stage") \
    X(FIELDS_DEFAULT, "默认", "default") \
    X(FIELDS_ALIAS, "也称", "alias") \
    X(FIELDS_IMPORT, "\n导入表 %s（按 %s）\n", "\nimport table %s (by %s)\n") \
    X(FIELDS_MARKDOWN_IMPORT, "\n## 导入表 %s（按 %s）\n\n数据集中的 `%s.csv` 或工作簿中的工作表 `%s`；表中其余的列按字段名读取。\n\n| 列 | 填入字段 |\n|---|---|\n", "\n## Import table %s (by %s)\n\n`%s.csv` in a dataset, or the sheet `%s` of a workbook; its other columns are read by field name.\n\n| column | fills |\n|---|---|\n") \
    X(FIELDS_RANGE, "取值范围", "range") \
    X(FIELDS_PLAUSIBLE, "合理范围", "plausible") \
    X(FIELDS_PLAUSIBLE_PER_PUPIL, "合理范围 生均", "plausible per pupil") \
    X(FIELDS_SUM_OF, "核对合计 %s.%s 容差 %s%s", "sum of %s.%s within %s%s") \
    X(FIELDS_MARKDOWN_INDICATORS, "\n## 指标一览\n\n| 指标 | 名称 | 类别 | 对象 | 读取的字段 | 依据 |\n|---|---|---|---|---|---|\n", "\n## Indicators\n\n| id | title | category | per | reads | source |\n|---|---|---|---|---|---|\n") \
    X(FIELDS_INDICATORS, "指标一览", "Indicators") \
    X(FIELDS_INDICATOR, "  %-4s %s（%s）：", "  %-4s %s (%s): ") \
    /* The declared types, spelled as the keywords that declare them (keywords.h) */ \
    X(FIELDS_TYPE_INT, "整数", "int") \
    X(FIELDS_TYPE_NUM, "数值", "num") \
    X(FIELDS_TYPE_RATIO, "比例", "ratio") \
    X(FIELDS_TYPE_BOOL, "布尔", "bool") \
    X(FIELDS_DESCRIPTION, "      说明：", "      description: ") \
    X(FIELDS_TYPE_ENUM, "枚举", "enum") \
    X(FIELDS_TYPE_TEXT, "文本", "text") \
    /* Rule tests (ruletest.c) */ \
    X(TEST_DATE_TOO_EARLY, "未通过：%s:%d 「%s」 日期 %d-%02d-%02d 早于参数 '%s' 最早的施行日期 %d-%02d-%02d\n\n", "FAILED: %s:%d \"%s\" date %d-%02d-%02d is before parameter '%s' first took effect (%d-%02d-%02d)\n\n") \
    X(TEST_FAILED, "未通过：%s:%d 「%s」 预期 %s", "FAILED: %s:%d \"%s\" expected %s") \
    X(TEST_GOT, "，实际 %s", ", got %s") \
    X(TEST_UNCOVERED, "没有测试使之起决定作用的条款：", "Clauses no test makes decide:") \
    X(TEST_COVERAGE, "条款覆盖：%d / %d\n", "clause coverage: %d / %d\n") \
    /* The rule language: lexer, parser (lexer.re, parse.c) */ \
    X(LEX_BAD_BYTE, "无法识别的字符 '%s'", "unrecognised character '%s'") \
    X(LEX_BAD_UTF8, "不是有效的 UTF-8 编码", "invalid UTF-8") \
    X(LEX_OPEN_STRING, "字符串缺少结束引号", "unterminated string") \
    /* How messages name tokens of the rule language (lexer.re; the keywords come from keywords.h) */ \
    X(TOKEN_EOF, "文件结尾", "end of file") \
    X(TOKEN_IDENT, "名称", "a name") \
    X(TOKEN_NUMBER, "数字", "a number") \
    X(TOKEN_DATE, "日期（如 2025-09-01）", "a date (e.g. 2025-09-01)") \
    X(TOKEN_STRING, "带引号的文字", "a quoted string") \
    X(PARSE_EXPECTED, "此处应为%s，实际是 %s", "expected %s, found %s") \
    X(PARSE_EXPECTED_CLOSE, "此处应为 '%s'（与第 %d 行的 '%s' 配对），实际是 %s", "expected '%s' (to match line %d's '%s'), found %s") \
    X(PARSE_DECL, "此处应为声明（规则集、字段、记录、词表、参数、定义、指标、差异系数、类别、分摊、评估学段、学段构成、容差、脚本限制、测试），实际是 %s", "expected a declaration (ruleset, fields, record, words, param, define, indicator, cv, category, split, stages, stage_makeup, tolerance, script_limits, test), found %s") \
    X(PARSE_TEST_FILE, "测试文件中只能写 测试，实际是 %s（规则写在规则文件中）", "a test file holds tests only, found %s (rules go in the rule files)") \
    X(PARSE_ATTR, "%s 中不能写 %s", "%s cannot appear in %s") \
    X(PARSE_DUP_ATTR, "%s 重复出现（第一次在第 %d 行）", "%s given twice (first at line %d)") \
    X(PARSE_DUP_SETTING, "%s 在规则集中只能写一次（已写在 %s 第 %d 行）", "%s may be given once per rule set (already at %s line %d)") \
    X(PARSE_LIMIT, "未知的脚本限制 '%s'（可用：指令、内存、时间）", "unknown script limit '%s' (known: instructions, memory, seconds)") \
    X(PARSE_LIMIT_RANGE, "脚本限制 %s 须是%s，大于 0 且不超过 %.0f", "script limit %s must be %s, above 0 and at most %.0f") \
    X(PARSE_FACTOR, "× 后的倍数须为正数", "the factor after × must be a positive number") \
    X(PARSE_RECORD_UNIT, "'%s' 是评估单位（县级、学校、学段），不是可以声明的记录", "'%s' is a unit of evaluation (县级, 学校, 学段), not a record level to declare") \
    X(PARSE_RECORD_PARENT, "记录 %s 只能属于 学校 或 县级，这里是 '%s'", "record %s belongs to 学校 or 县级, not '%s'") \
    X(PARSE_TOO_MANY_LEVELS, "记录层级超过 %d 个的上限", "more record levels than the limit of %d") \
    X(PARSE_TOLERANCE, "容差是相对的，须小于 1（如 1e-9）：到 1 时同号的任意两个数都算相等", "the tolerance is relative and must be below 1 (e.g. 1e-9): at 1, any two numbers of a sign compare equal") \
    X(PARSE_BOUNDS, "下限大于上限", "the lower bound of the range is above the upper bound") \
    X(PARSE_BAD_DATE, "日期 %s 不存在", "date %s does not exist") \
    X(PARSE_TOO_DEEP, "表达式嵌套超过 %d 层", "expression nested deeper than %d levels") \
    X(PARSE_TOO_LONG, "表达式超过 %d 层运算（连续的 a + b + … 每个运算符算一层）", "expression deeper than %d levels of operators (each operator of a flat a + b + ... counts as one)") \
    X(PARSE_EXPR, "此处应为表达式，实际是 %s", "expected an expression, found %s") \
    X(PARSE_EXPECTED_TYPE, "类型（整数、数值、比例、布尔、枚举、文本，或 词表 的名称）", "a type (int, num, ratio, bool, enum, text, or the name of a word list)") \
    X(PARSE_EXPECTED_ALIAS, "取值词的其他写法（名称、数字或带引号的文字）", "another spelling (a name, a number or a quoted text)") \
    X(PARSE_EXPECTED_VALUE, "数值、是/否、取值词或带引号的文字", "a number, true/false, a word or a quoted string") \
    X(PARSE_LIMIT_WHOLE, "整数", "a whole number") \
    X(PARSE_LIMIT_NUMBER, "数值", "a number") \
    /* The types of values, as the checker and the Lua bridge name them (check.c, script.c) */ \
    X(TYPE_NUM, "数值", "a number") \
    X(TYPE_BOOL, "是否判断", "true/false") \
    X(TYPE_ENUM, "取值词", "a word") \
    X(TYPE_TEXT, "文字", "text") \
    X(TYPE_INDICATORS, "指标列表", "a list of indicators") \
    X(TYPE_ROWS, "记录集合", "a collection of records") \
    X(TYPE_SCRIPT_RESULT, "数值、是否判断或文字", "a number, true/false or text") \
    X(TYPE_LUA_TABLE, "表", "a table") \
    X(TYPE_LUA_FUNCTION, "函数", "a function") \
    /* The checker (check.c) */ \
    X(CHK_UNKNOWN_NAME, "未声明的名称 '%s'", "unknown name '%s'") \
    X(CHK_UNKNOWN_NAME_SPACES, "未声明的名称 '%s'（'且'、'或'、'非' 两侧需要空格）", "unknown name '%s' ('且', '或', '非' need spaces around them)") \
    X(CHK_UNKNOWN_LEVEL, "未知的数据层级 '%s'（可用：%L；记录层级用 记录 声明）", "unknown data level '%s' (known: %L; record levels are declared with 记录)") \
    X(CHK_UNIT_LEVEL, "指标的对象只能是 县级、学校 或 学段，这里是 '%s'", "an indicator is evaluated per 县级, 学校 or 学段, not '%s'") \
    X(CHK_UNKNOWN_CATEGORY, "未声明的类别 '%s'", "unknown category '%s'") \
    X(CHK_UNKNOWN_INDICATOR, "未声明的指标 '%s'", "unknown indicator '%s'") \
    X(CHK_ALIAS_TAKEN, "表头 \"%s\" 已是字段 '%s' 的名称或别名", "heading \"%s\" already names field '%s' (its name or an alias)") \
    X(CHK_FACTOR_TYPE, "× 只能换算数值或整数字段的单位，'%s' 不是", "× converts the unit of number or integer fields only, and '%s' is not one") \
    X(CHK_IMPORT_LEVEL, "导入 %s 按 '%s' 逐行读取：只能按 学校 或 县级", "import %s reads rows of '%s': only 学校 or 县级") \
    X(CHK_IMPORT_NAME, "导入 %s 与数据表同名：换一个名称", "import %s has the name of a table of the dataset: choose another") \
    X(CHK_IMPORT_DUP_COLUMN, "列 \"%s\" 已在第 %d 行写过", "column \"%s\" is already given on line %d") \
    X(CHK_IMPORT_STAGE, "导入 %s 按 县级 读取，不分学段", "import %s reads the county's row: it has no stages") \
    X(CHK_IMPORT_FIELD, "%s 没有字段 '%s'", "%s has no field '%s'") \
    X(CHK_IMPORT_NEEDS_STAGE, "'%s' 是学段的字段：在字段名前写出学段（%L）", "'%s' is a field of stages: write the stage (%L) before it") \
    X(CHK_IMPORT_SAME_FIELD, "列 \"%s\" 与第 %d 行的列都填 '%s'：只有数值字段可以由几列相加", "column \"%s\" and the column on line %d both fill '%s': only number fields may add up several columns") \
    X(CHK_IMPORT_NO_CODE, "导入 %s 按 学校 逐行读取，须有一列填 %s", "import %s reads a row per school and needs a column for %s") \
    X(CHK_DUP, "'%s' 重复声明（第一次在 %s:%d）", "'%s' declared twice (first at %s:%d)") \
    X(CHK_DUP_WORD, "'%s' 在词表 %s 中出现两次（取值词和其他写法都只能写一次）", "'%s' appears twice in word list %s (each word and spelling once)") \
    X(CHK_UNKNOWN_TYPE, "未声明的类型 '%s'（类型为 整数、数值、比例、布尔、枚举、文本，或 词表 声明的名称）", "unknown type '%s' (types are int, num, ratio, bool, enum, text, or a name declared by words)") \
    X(CHK_NOT_ENUM, "'%s' 不是 %s 的取值（可用：%L）", "'%s' is not a value of %s (known: %L)") \
    X(CHK_NOT_ENUM_SPACES, "'%s' 不是 %s 的取值（可用：%L；'且'、'或'、'非' 两侧需要空格）", "'%s' is not a value of %s (known: %L; '且', '或', '非' need spaces around them)") \
    X(CHK_TYPE, "%s 需要%s，但这里给出的是%s", "%s needs %s, this is %s") \
    X(CHK_IF_TYPES, "若 … 则 … 否则 … 的两个分支须是同一类型：则 后为%s，否则 后为%s", "the branches of if … then … else … must be of one type: then gives %s, else gives %s") \
    X(CHK_IF_WORDS, "若 … 则 … 否则 … 的两个分支须是同一组取值词：则 后为 %s 的取值词，否则 后为 %s 的取值词", "the branches of if … then … else … must be words of one list: then gives a word of %s, else gives a word of %s") \
    X(CHK_IF_LIST, "若 … 则 … 否则 … 的分支须是一个值，不能是指标列表", "a branch of if … then … else … must be a value, not a list of indicators") \
    X(CHK_NO_THRESHOLD, "指标 %s 缺少 %s 的标准", "indicator %s has no threshold for %s") \
    X(CHK_NO_TEST, "指标 %s 既没有 值 与 标准，也没有 条件", "indicator %s has neither value and threshold nor a condition") \
    X(CHK_VALUE_NO_THRESHOLD, "指标 %s 有 值 但没有 标准", "indicator %s has a value but no threshold") \
    X(CHK_MISSING_ATTR, "%s 缺少 %s", "%s lacks %s") \
    X(CHK_COMPOSITE_NAME, "%s 写了 %s，但没有 %s：没有综合值可以命名", "%s gives %s but no %s: there is no composite to name") \
    X(CHK_SCOPE, "%s 的对象是 %s，不能读取 '%s'（属于 %s 层级）", "%s is evaluated per %s and cannot read '%s' (level %s)") \
    X(CHK_COUNTY_IN_SCHOOLS, "对学校的汇总在逐校评估时计算，其中不能读取县级字段 '%s'（那时县级数据可能尚未读到）", "an aggregate over schools is computed as each school is evaluated and cannot read the county field '%s' (the county data may not be read yet)") \
    X(CHK_COUNTY_BELOW, "%s 的对象是 %s，不能读取县级字段 '%s'（逐校评估时县级数据可能尚未读到）", "%s is evaluated per %s and cannot read the county field '%s' (schools are evaluated before the county data may be read)") \
    X(CHK_UNORDERED, "'%s' 的取值没有顺序，只能用 == 或 != 比较", "the words of '%s' have no order: compare them with == or != only") \
    X(CHK_NO_WEIGHT, "分摊 缺少 %s 的权重", "split has no weight for %s") \
    X(CHK_KEYED_DEFAULT, "只有 学段 层级的字段可以按学段给默认值", "only fields of level 学段 can have defaults per stage") \
    X(CHK_DEFAULT_CYCLE, "字段 '%s' 的默认值引用了自身", "the default of field '%s' refers to itself") \
    X(CHK_PARAM_CYCLE, "参数 '%s' 引用了自身", "parameter '%s' refers to itself") \
    X(CHK_PARAM_SHAPE, "参数 '%s' 的各个取值须同样写法（都是一个数，或同样的学段依次各一个数）", "the values of parameter '%s' must have the same shape (one number each, or the same stages in the same order)") \
    X(CHK_PARAM_ORDER, "参数 '%s' 的取值须按生效日期从早到晚写", "the values of parameter '%s' must be given from the earliest date on") \
    X(CHK_DEFINE_CYCLE, "定义 '%s' 引用了自身", "definition '%s' refers to itself") \
    X(CHK_TOO_DEEP, "表达式连同它读取的定义、参数和字段默认值超过 %d 层", "expression deeper than %d levels, counting the definitions, parameters and field defaults it reads") \
    X(CHK_NOT_CONST, "参数 '%s' 必须是常数", "parameter '%s' must be a constant") \
    X(CHK_CYCLE, "指标 %s 依赖自身（经由 %s）", "indicator %s depends on itself (through %s)") \
    X(CHK_ELEMENT_ONLY, "'%s' 只能用在指标集合的汇总中", "'%s' is only valid inside an aggregate over indicators") \
    X(CHK_VALUE_IN_MAIN_TEST, "'%s' 不能用在指标 %s 自己的 值 或 条件 里：主测试会把 值 与 标准 比较；在例外的条件中可以使用 '%s'", "'%s' cannot appear in indicator %s's own value or condition: the main test compares the value with the threshold; an exception's condition may use '%s'") \
    X(CHK_REMEDY_TEST, "指标 %s 写了 整改，就要有 值 与 标准，对象为 学校 或 学段：整改清单按它们算出差额", "indicator %s has 整改, so it needs a value and a threshold, per 学校 or 学段: the gaps list solves them") \
    X(CHK_REMEDY_FIELD, "整改 '%s' 须是%s或其学校记录中的数值字段（整数或数值）", "整改 '%s' must be a number field (整数 or 数值) of the %s or its school record") \
    X(CHK_SELF_ONLY, "'%s' 只能用在有标准的指标里（指该指标的标准或主值）或指标集合的汇总中", "'%s' is only valid in an indicator with a threshold (its threshold or main value) or in an aggregate over indicators") \
    X(CHK_ROW_FIELD, "'%s' 属于 %s 层级，只能在对 %s 的汇总中读取，例如 全部(%s : …)", "'%s' belongs to level %s and is read through an aggregate over %s, e.g. all(%s : ...)") \
    X(CHK_NOT_A_COLLECTION_HERE, "对象为 %s 时不能汇总 %s", "an aggregate over %s is not available when evaluating per %s") \
    X(CHK_KEYED_PARAM, "参数 '%s' 按学段取值，只能用在对象为 学段 的指标中", "parameter '%s' has a value per stage and is only valid per 学段") \
    X(CHK_SCRIPT_ARGS, "脚本函数 %s 的参数只能是数值、是否、文字、取值词或记录集合（不能写 其中 或 :）", "the arguments of script function %s are values or record collections (no 'where' or ':')") \
    X(CHK_SCRIPT_ARGC, "脚本函数 %s 的参数超过 16 个：请传入记录集合", "script function %s takes more than 16 arguments: pass a record collection") \
    X(CHK_ONE_NUMBER, "%s 只接受一个数值，不能写 其中 或 :", "%s takes one number, without 其中 or :") \
    X(CHK_ARGC, "%s 需要 %d 个参数", "%s takes %d argument(s)") \
    X(CHK_NOT_COLLECTION, "%s 的第一个参数必须是指标列表或记录集合（%L）", "the first argument of %s must be a list of indicators or a collection (%L)") \
    X(CHK_NOT_FUNCTION, "'%s' 不是函数", "'%s' is not a function") \
    X(CHK_SPLIT_LEVEL, "只有 学校 层级的字段可以 分摊", "only fields of level 学校 can be split") \
    X(CHK_CHECK_NUMERIC, "字段 '%s' 不是数：不能写 取值范围、合理范围 或 核对合计", "field '%s' is not a number: it cannot have a range, plausible bounds or a sum") \
    X(CHK_PER_PUPIL, "%s 须除以 %s 的 %s 字段（在校生数），规则集没有它", "%s divides by the field of %s's %s (the pupils), which the rule set lacks") \
    X(CHK_PER_PUPIL_LEVEL, "只有 学校、学段 层级的字段可以写 %s", "only fields of level 学校 or 学段 can be checked %s") \
    X(CHK_SUM_LEVEL, "只有 学段 层级的字段可以写 %s（与该学段的记录合计比较）", "only fields of level 学段 can have %s (compared with the sum of the stage's records)") \
    X(CHK_SUM_RECORDS, "'%s' 不是学校下带 学段 字段的记录（%s 按学段合计这种记录）", "'%s' is not a record level below schools with a 学段 field (%s sums such records per stage)") \
    X(CHK_SUM_FIELD, "'%s' 不是记录 %s 的数值字段（整数或数值）", "'%s' is not a number field (整数 or 数值) of record %s") \
    X(CHK_NO_SPLIT, "有字段标为 分摊，但规则集没有 分摊 声明", "fields are marked split but the rule set has no split declaration") \
    X(CHK_NO_STAGES, "规则集没有 评估学段 声明", "the rule set has no stages declaration") \
    X(CHK_NO_RULES, "%s 中没有 .jh 规则文件", "no .jh rule files in %s") \
    X(CHK_TOO_MANY_NAMES, "规则集中的字段、定义、参数与指标共超过 %d 个的上限，从这一个起无法编号", "the rule set declares more fields, definitions, parameters and indicators than the limit of %d; from this one on they cannot be numbered") \
    X(CHK_TOO_MANY_FILES, "%s 中的 %s 文件超过 %d 个的上限", "%s holds more %s files than the limit of %d") \
    X(CHK_NO_FIELD, "数据集格式需要字段 '%s'，规则集须把它声明为 %s 级的 枚举", "the dataset layout needs the field '%s', declared as an enum at level %s") \
    X(CHK_TEST_STATUS, "'%s' 不是结果（可用：达标、认定达标、未达标、缺少数据、不适用）", "'%s' is not a result (known: pass, pass_by_exception, fail, missing_data, not_applicable)") \
    X(CHK_TEST_CLAUSE, "'%s' 不是指标 %s 的例外或否决条款", "'%s' is not an exception or veto of indicator %s") \
    X(CHK_TEST_FIELD, "'%s' 不是 %s 的字段", "'%s' is not a field of %s") \
    X(CHK_TEST_ROWS, "'%s' 不是可以逐条给出的记录（可用：%L）", "'%s' is not a kind of record (known: %L)") \
    X(CHK_TEST_VALUE, "'%s' 需要%s", "'%s' needs %s") \
    /* Numbered warnings of check (lint.c) */ \
    X(LINT, "[%s] %M", "[%s] %M") \
    X(LINT_NO_REASON, "忽略 %s 须写明理由（# 忽略 %s：理由）", "ignoring %s needs a reason (# ignore %s: reason)") \
    X(LINT_UNUSED_FIELD, "字段 '%s' 没有指标读取", "no indicator reads field '%s'") \
    X(LINT_UNUSED_PARAM, "参数 '%s' 没有被使用", "parameter '%s' is not used") \
    X(LINT_UNUSED_DEFINE, "定义 '%s' 没有被使用", "definition '%s' is not used") \
    X(LINT_UNITS, "单位不同的数值放在一起比较或加减：%s 与 %s", "values of different units compared or added: %s and %s") \
    X(LINT_SAME_EXCEPTION, "例外 %s 与 %s 的条件、值和标准相同，二者总是同时成立：排在后面的 %s 不会起决定作用", "exception %s has the same condition, value and threshold as %s: they always hold together, and %s, tried later, never decides") \
    X(LINT_SHADOWED_EXCEPTION, "例外 %s 成立时，排在前面的 %s 总是已经成立（%s 的条件都在 %s 中）：%s 不会起决定作用", "whenever exception %s holds, %s, tried earlier, holds already (all of %s's conditions are among %s's): %s never decides") \
    X(LINT_DEAD_EXCEPTION, "例外 %s 与主测试的值和标准相同，主测试未达到时它也不会成立", "exception %s repeats the main value and threshold: it never holds when the main test fails") \
    /* Files, outputs, memory (rules.c, output.c, arena.c, main.c) */ \
    X(CHECK_SUMMARY, "规则集 %s：%d 个错误，%d 个警告（另有 %d 个已按说明忽略）\n", "rule set %s: %d errors, %d warnings (%d more silenced with a reason)\n") \
    X(IO_READ, "无法读取 %s：%s", "cannot read %s: %s") \
    X(IO_WRITE, "无法写入 %s：%s", "cannot write %s: %s") \
    X(OUT_OF_MEMORY, "内存不足（%zu 字节的内存申请失败），程序停止", "out of memory (an allocation of %zu bytes failed): stopped") \
    X(IO_WRITE_STDOUT, "无法写入标准输出：%s", "cannot write to standard output: %s") \
    X(OUT_IS_DATASET, "-o %s 是本次读取的数据集 %s：结果不能写在输入上，请另选文件", "-o %s is the dataset this run reads (%s): a result cannot replace an input; choose another file") \
    X(OUT_IN_DATASET, "-o %s 在本次读取的 CSV 数据集文件夹 %s 中：结果不能写进输入的数据集，请另选位置", "-o %s is in the CSV dataset folder this run reads (%s): a result cannot go into an input; choose another place") \
    X(OUT_IS_RULES, "-o %s 是本次使用的规则文件 %s：结果不能写在规则上，请另选文件", "-o %s is the rule file this run uses (%s): a result cannot replace the rules; choose another file") \
    X(OUT_IN_RULES, "-o %s 在本次使用的规则集文件夹 %s 中：结果不能写进规则集，请另选位置", "-o %s is in the rule folder this run uses (%s): a result cannot go into the rule set; choose another place") \
    X(OUT_NOT_REGULAR, "-o %s 已存在，是%s，不是普通文件：结果只写入普通文件，不会替换它", "-o %s exists and is %s, not a regular file: results are written to regular files only, and it is left as it is") \
    X(OUT_KIND_SYMLINK, "符号链接", "a symbolic link") \
    X(OUT_KIND_FOLDER, "文件夹", "a folder") \
    X(OUT_KIND_FIFO, "命名管道（FIFO）", "a named pipe (FIFO)") \
    X(OUT_KIND_SOCKET, "套接字", "a socket") \
    X(OUT_KIND_DEVICE, "设备", "a device") \
    X(IO_NOT_REGULAR, "不是普通文件（是命名管道、设备或套接字）", "not a regular file (a FIFO, a device or a socket)") \
    X(IO_TOO_LARGE, "%s 超过 %u 字节的上限", "%s is larger than the %u byte limit") \
    /* Lua scripts (script.c) */ \
    X(SCRIPT_SYNTAX, "Lua 脚本语法错误：%s", "Lua script syntax error: %s") \
    X(SCRIPT_DUP_FUNCTION, "Lua 函数 '%s' 重复定义（第一次在 %s:%d）", "Lua function '%s' defined twice (first at %s:%d)") \
    X(SCRIPT_RUNTIME, "Lua 脚本出错：%s（%M）", "Lua script error: %s (%M)") \
    X(SCRIPT_INSTRUCTIONS, "Lua 脚本超过每次调用 %ld 条指令的上限（%M）", "Lua script exceeded the limit of %ld instructions per call (%M)") \
    X(SCRIPT_MEMORY, "Lua 脚本超过 %zu 字节的内存上限（%M）", "Lua script exceeded the memory limit of %zu bytes (%M)") \
    X(EXCEL_LIBRARY, "无法加载 %s（%s）：读写 Excel 工作簿需要它，请安装软件包 %s", \
      "cannot load %s (%s): reading and writing Excel workbooks needs it; install the package %s") \
    X(SCRIPT_TIME, "Lua 脚本运行时间超过整个评估 %g 秒的上限（%M）", "Lua scripts exceeded the time limit of %g seconds for the whole evaluation (%M)") \
    X(SCRIPT_PATTERN, "string.%s 的模式对 %zu 字节的文本过于复杂（最坏约 %.3g 步，上限 %.3g 步；%M）", "the pattern given to string.%s is too complex for a %zu-byte text (up to about %.3g steps, limit %.3g; %M)") \
    X(SCRIPT_TYPE, "Lua 函数应返回%s，实际返回%s（%M）", "the Lua function should return %s, it returned %s (%M)") \
    X(SCRIPT_NOT_FINITE, "Lua 函数返回了非有限数值 %s（%M）", "the Lua function returned a non-finite number %s (%M)") \
    X(SCRIPT_UNKNOWN_FUNCTION, "没有名为 '%s' 的 Lua 函数（规则 %s，%s）", "no Lua function named '%s' (rule %s, %s)") \
    X(SCRIPT_FROZEN, "脚本不能在两次调用之间保存状态：载入后，全局变量和载入时建立的表都是只读的（请用局部变量）", "a script cannot keep state from one call to the next: once loaded, its globals and the tables it built are read-only (use local variables)") \
    X(SCRIPT_GC_REFUSED, "setmetatable 不接受带 __gc 的元表（脚本中不允许终结器）", "setmetatable refuses a metatable with __gc (scripts may not have finalizers)") \
    X(SCRIPT_CALL_CONTEXT, "函数 %s，规则 %s，%s", "function %s, rule %s, %s") \
    X(SCRIPT_LOAD_CONTEXT, "加载脚本时", "while loading the script") \
    X(SCRIPT_FAILED, "（出错）", "(failed)") \
    X(EXPLAIN_IF_THEN, "%s若 %s → 成立，取 %s\n", "%sif %s → holds, takes %s\n") \
    X(EXPLAIN_IF_ELSE, "%s若 %s → 不成立，取 %s\n", "%sif %s → does not hold, takes %s\n") \
    X(EXPLAIN_IF_MISSING, "%s若 %s → ", "%sif %s → ") \
    /* The rule workbench (serve.c, workbench.c, datastore.c) */ \
    X(SERVE_READY, "junheng serve：规则集 %s，%M\n请在本机的浏览器中打开：\n  %s\n按 Ctrl-C 停止。\n", "junheng serve: rules %s, %M\nopen in a browser on this machine:\n  %s\npress Ctrl-C to stop.\n") \
    X(SERVE_NO_LIBRARY, "无法载入 %s：工作台需要 Debian 软件包 %s（sudo apt-get install %s）", "cannot load %s: the workbench needs the Debian package %s (sudo apt-get install %s)") \
    X(SERVE_DATASET, "数据集 %s", "dataset %s") \
    X(SERVE_NO_DATASET, "未给数据集：只检查规则、运行测试", "no dataset: rules are checked and tested only") \
    X(SERVE_STOPPED, "junheng serve 已停止。\n", "junheng serve stopped.\n") \
    X(SERVE_LISTEN, "无法在 %s:%d 上监听：%s（可用 --port 换一个端口；--port 0 由系统选一个空闲端口）", "cannot listen on %s:%d: %s (choose another with --port; --port 0 takes any free port)") \
    X(SERVE_BAD_HOST, "拒绝：Host '%s' 不是本服务的地址 %s", "refused: Host '%s' is not this server's address %s") \
    X(SERVE_BAD_ORIGIN, "拒绝：来源 '%s' 不是本服务的地址 %s", "refused: origin '%s' is not this server's address %s") \
    X(SERVE_NO_ORIGIN, "拒绝：写入请求须来自本服务的页面（Origin: %s）", "refused: a write must come from this server's page (Origin: %s)") \
    X(SERVE_TOKEN, "拒绝：缺少口令或口令不对；请打开 junheng serve 启动时打印的完整地址", "refused: the token is missing or wrong; open the whole address junheng serve printed when it started") \
    X(SERVE_NOT_FOUND, "没有这个地址：%s", "no such address: %s") \
    X(SERVE_METHOD, "%s 不接受 %s 请求", "%s does not take %s requests") \
    X(SERVE_TOO_LARGE, "拒绝：请求内容超过 %u 字节的上限（一个规则文件的上限）", "refused: the request body is larger than the %u byte limit (that of a rule file)") \
    X(SERVE_NOT_RULE_FILE, "'%s' 不是本规则集的规则文件", "'%s' is not a rule file of this rule set") \
    X(SERVE_LINK, "'%s' 是符号链接（指向 %s）：保存只写规则文件夹中的普通文件", "'%s' is a symbolic link (to %s): saving writes only regular files of the rule folder") \
    X(SERVE_NOT_REGULAR, "'%s' 不是普通文件，不能保存到这里", "'%s' is not a regular file: nothing is saved there") \
    X(SERVE_CHANGED_ON_DISK, "'%s' 在打开之后被其他程序改过：为免覆盖别人的修改，没有保存；请重新载入页面", "'%s' was changed by another program after it was read: not saved, so as not to overwrite that change; reload the page") \
    X(SERVE_NOT_SAVED, "规则有 %d 个错误，没有保存", "the rules have %d errors: not saved") \
    X(SERVE_NOTHING_TO_UNDO, "没有可以撤销的保存", "no save to undo") \
    X(SERVE_FIELD_UNREAD, "字段 '%s' 是启动后新声明的或改了类型：数据集是按启动时的规则读入的，在本页中它的值按缺少处理；保存后重新启动 junheng serve 即可读入", \
      "field '%s' is new or of another type since the start: the dataset was read under the rules of then, so here its values are missing; save and restart junheng serve to read them") \
    X(SERVE_WORD_UNREAD, "字段 '%s' 不再有取值 '%s'：数据集中这样填写的值在本页中按缺少处理", "field '%s' no longer lists '%s': values written so in the dataset are missing here") \
    /* Datasets (jsonload.c, csvload.c, values.c) */ \
    X(DS_JSON, "JSON 格式错误", "malformed JSON") \
    X(DS_JSON_TOO_DEEP, "JSON 数组和对象嵌套超过 %d 层", "JSON arrays and objects nested deeper than %d levels") \
    X(DS_JSON_NUL, "文字中有 \\u0000（空字符）：数据集中的文字不能含空字符，请删去它", \
      "a text holds \\u0000 (a null character), which no text of a dataset may hold: remove it") \
    X(DS_EXPECTED, "此处应为%s", "expected %s") \
    X(DS_EXPECTED_STAGE_LIST, "学段记录列表", "a list of stage records") \
    X(DS_EXPECTED_KEY, "带引号的键名", "a quoted key") \
    X(DS_EXPECTED_SCHOOL_LIST, "学校列表 '['", "the school list '['") \
    X(DS_EXPECTED_DATASET, "数据集对象 '{'", "the dataset object '{'") \
    X(DS_EXPECTED_SCHOOL, "学校对象 '{'", "a school object '{'") \
    X(DS_YEAR_AFTER_SCHOOLS, "\"数据集\" 的 年度 写在了 \"学校\" 列表之后：逐校读取时评估日期已经确定，请把 \"数据集\" 移到 \"学校\" 之前", \
      "\"数据集\".年度 comes after the \"学校\" list: the evaluation date was fixed when the schools were read; move \"数据集\" before \"学校\"") \
    X(DS_NO_SCHOOLS, "数据集没有 \"学校\" 列表", "the dataset has no \"学校\" list") \
    X(DS_NO_SCHOOL, "数据集中一所学校也没有：没有可以评估的内容", "the dataset has no school: there is nothing to evaluate") \
    X(DS_DUP_KEY, "键 \"%s\" 重复（第一次在第 %d 行第 %d 列）", "key \"%s\" given twice (first at line %d, column %d)") \
    X(DS_KEY_UTF8, "键名不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）", "a key is not valid UTF-8 (save the JSON file as UTF-8)") \
    X(DS_VALUE_UTF8, "字段 '%s' 的值不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）", "the value of field '%s' is not valid UTF-8 (save the JSON file as UTF-8)") \
    X(DS_FIELD_TYPE, "字段 '%s' 应为%s", "field '%s' should be %s") \
    X(DS_ENUM, "字段 '%s' 的值 '%s' 不在可选值中（%L）", "field '%s' has value '%s', not one of (%L)") \
    X(DS_NO_CODE, "学校缺少 \"学校代码\"", "school lacks \"学校代码\"") \
    X(DS_DUP_CODE, "学校代码 %s 重复（第一次在第 %d 行）", "学校代码 %s appears twice (first at line %d)") \
    X(DS_STAGE, "学段 '%s' 不是 %L 之一", "stage '%s' is not one of %L") \
    X(DS_DUP_STAGE, "学校 %s 的学段 %s 重复", "school %s lists stage %s twice") \
    X(DS_TOO_MANY_STAGES, "学校的学段记录超过 %d 个", "a school has more than %d stage records") \
    X(DS_SCHOOL_TOO_LARGE, "一所学校的数据超过 %u 字节的上限", "one school's data exceeds the %u byte limit") \
    X(DS_SCHOOL_TOO_MANY_VALUES, "一所学校的数据中值或记录太多：读入后超过 %u 字节的内存上限", "one school's data holds too many values or records: read, it exceeds the %u byte memory limit") \
    X(DS_ROW_NO_STAGE, "%s记录没有写 学段，而该校有多个学段（%L）：请写明属于哪个学段，否则会在每个学段各算一次", "a %s record gives no stage, and the school has several (%L): say which, or it counts in each") \
    X(DS_ROW_STAGE, "%s记录的学段 '%s' 不是该校的学段（该校有：%L）", "a %s record's stage '%s' is not one of the school's stages (it has: %L)") \
    X(DS_SCHOOL_WITHOUT_STAGES, "无，该校没有学段记录", "none, the school has no stage record") \
    X(DS_NOT_LIST, "'%s' 应为记录列表", "'%s' should be a list of records") \
    X(DS_TRAILING, "JSON 结束后还有多余内容", "unexpected content after the JSON value") \
    /* Workbooks (xlsx.c, csvload.c) */ \
    X(XLSX_NOT_ZIP, "%s 不是 Excel 工作簿（.xlsx）：无法作为 ZIP 压缩包打开（旧版 .xls 文件请在 Excel 中另存为 .xlsx）", "%s is not an Excel workbook (.xlsx): it does not open as a ZIP archive (save an old .xls file as .xlsx in Excel)") \
    X(XLSX_NO_PART, "工作簿 %s 缺少 %s，不是完整的 .xlsx 文件", "the workbook %s lacks %s: not a complete .xlsx file") \
    X(XLSX_CORRUPT, "工作簿 %s 中的 %s 无法解压：文件已损坏", "the workbook %s: cannot unpack %s, the file is damaged") \
    X(XLSX_BAD_XML, "工作簿 %s 中的 %s 不是有效的 XML（第 %d 行第 %d 列）", "the workbook %s: %s is not valid XML (line %d, column %d)") \
    X(XLSX_BAD_REF, "单元格位置 '%s' 无效", "invalid cell position '%s'") \
    X(XLSX_FORMULA, "公式单元格没有保存计算结果：请在 Excel 中打开并保存工作簿，或改填数值", "a formula cell without a saved result: open and save the workbook in Excel, or type the value") \
    X(XLSX_ERROR_VALUE, "单元格是错误值 %s：请改正公式或改填数值", "the cell holds the error %s: correct the formula or type the value") \
    X(XLSX_SHARED_STRING, "共享字符串编号 '%s' 不存在", "shared string number '%s' does not exist") \
    X(XLSX_MERGED, "合并单元格 %s：请取消合并，在每个单元格中填写各自的值", "merged cells %s: unmerge them and give each cell its own value") \
    X(XLSX_NO_SHEET, "工作簿 %s 缺少必需的工作表 %s", "the workbook %s lacks the required sheet %s") \
    X(XLSX_UNKNOWN_SHEET, "工作表 '%s' 不是数据集的表，未读取（可用的表名：%L）", "sheet '%s' is not a table of the dataset and is not read (known sheet names: %L)") \
    /* The workbook to fill in (template.c) */ \
    X(TEMPLATE_NOTE, "%s\n应为%s", "%s\nmust be %s") \
    X(TEMPLATE_NOTE_PLAIN, "应为%s", "must be %s") \
    X(CSV_PROFILE_ROWS, "县级的表只有一行数据，这里又有一行（第一行在第 %d 行）", "the county's table has one row of data, and here is another (the first is on line %d)") \
    X(DS_CSV_FILE, "%s 是一个 CSV 文件：CSV 数据集是整个文件夹（学校.csv、学段.csv……），请给出文件夹 %s", "%s is one CSV file: a CSV dataset is the whole folder (学校.csv, 学段.csv...); give the folder %s") \
    X(DS_NO_YEAR_CSV, "数据集 %s 没有年度，无法确定按哪一天施行的参数评估：请在 县级.csv 中加一行 年度,2025（按数据所属年度），或用 --as-of 日期 指定评估日期", \
      "the dataset %s gives no year, so the date whose parameters apply is unknown: add the row 年度,2025 (the data's year) to 县级.csv, or give --as-of DATE") \
    X(DS_NO_YEAR_JSON, "数据集 %s 没有年度，无法确定按哪一天施行的参数评估：请在 \"数据集\" 中写 \"年度\": 2025（按数据所属年度，写在 \"学校\" 之前），或用 --as-of 日期 指定评估日期", \
      "the dataset %s gives no year, so the date whose parameters apply is unknown: write \"年度\": 2025 (the data's year) in \"数据集\", before \"学校\", or give --as-of DATE") \
    X(CSV_NO_FILE, "CSV 数据集 %s 缺少必需的文件 %s", "the CSV dataset %s lacks the required file %s") \
    X(CSV_ENCODING_NAME, "未知的编码 '%s'（可用：auto、utf-8、gb18030、gbk）", "unknown encoding '%s' (known: auto, utf-8, gb18030, gbk)") \
    X(CSV_ENCODING, "不是有效的 %s 编码", "invalid %s") \
    X(CSV_UTF16, "文件是 UTF-16 编码：请另存为 UTF-8 或 GBK 编码的 CSV", "the file is UTF-16: save it as CSV in UTF-8 or GBK") \
    X(CSV_NO_HEADER, "文件没有表头行", "the file has no header row") \
    X(CSV_OPEN_QUOTE, "从这一行开始的引号直到文件末尾都没有闭合", "a quoted cell starting on this row is not closed before the end of the file") \
    X(CSV_AFTER_QUOTE, "结束引号之后还有字符（单元格中的引号应写成 \"\"）", "characters after the closing quote (write a quote inside a cell as \"\")") \
    X(CSV_EXTRA_CELLS, "这一行有 %d 个单元格，多于表头的 %d 列", "this row has %d cells, more than the header's %d columns") \
    X(CSV_TOO_MANY_COLUMNS, "表头有 %d 列，超过 %d 列的上限", "the header has %d columns, more than the limit of %d") \
    X(CSV_MISSING_COLUMN, "缺少列 '%s'", "missing column '%s'") \
    X(CSV_DUP_COLUMN, "列 '%s' 出现两次（第 %d 列和第 %d 列）", "column '%s' appears twice (columns %d and %d)") \
    X(CSV_EMPTY_KEY, "'%s' 不能为空", "'%s' must not be empty") \
    X(CSV_UNKNOWN_SCHOOL, "学校代码 %s 不在 %s 中", "学校代码 %s is not in %s") \
    X(DS_CODE_ZEROS, "学校代码 %s 不在 %s 中，与其中的 %s 只差开头的 0：Excel 把代码当作数字时会去掉开头的 0，请把该列设为文本后重新导出", \
      "学校代码 %s is not in %s, and differs from its %s only by leading zeros: Excel drops them when it takes a code for a number; format the column as text and export again") \
    X(DS_CODE_SCIENTIFIC, "学校代码 %s 是科学计数法：Excel 把长代码当作数字显示，请把该列设为文本后重新导出", \
      "学校代码 %s is in scientific notation: Excel shows a long code as a number; format the column as text and export again") \
    X(DS_CODE_MORE, "另有 %d 行的学校代码出于同一原因不在学校.csv 中", "%d more rows have a code not in 学校.csv for the same reason") \
    X(CSV_DUP_STAGE, "学校 %s 的学段 %s 重复（第一次在第 %d 行）", "school %s lists stage %s twice (first at line %d)") \
    X(CSV_TOO_MUCH, "读到这一行时，CSV 数据集已超过 %u 字节的内存上限：记录太多（很大的数据集请用 JSON 格式，逐校读取）", "at this row the CSV dataset exceeds the %u byte memory limit: too many records (give a very large dataset as JSON, which is read school by school)") \
    X(CSV_DUP_COUNTY_FIELD, "字段 '%s' 重复（第一次在第 %d 行）", "field '%s' given twice (first at line %d)") \
    X(CSV_FIELD_TYPE, "字段 '%s' 应为%s，这里是 '%s'", "field '%s' should be %s, not '%s'") \
    X(CSV_ZERO_PUPILS, "学校 %s 的%s学段在校生数为 0，该学段的生均指标无法计算", "school %s has no pupils in stage %s: its per-pupil indicators cannot be computed") \
    X(CSV_OUTLIER, "值 %s 达到本列中位数 %s 的 %d 倍，请核对", "value %s is at least the column's median %s times %d: please check") \
    /* The checks the rules declare (datacheck.c) */ \
    X(DS_RANGE, "字段 '%s' 的值 %s 超出规则声明的取值范围 %s", "field '%s' has value %s, outside its declared range %s") \
    X(DS_PLAUSIBLE, "%s %s %s，不在合理范围 %s 内：%s", "%s %s %s, outside the plausible range %s: %s") \
    X(DS_PLAUSIBLE_PER_PUPIL, "生均%s %s %s，不在合理范围 %s 内：%s", "%s per pupil %s %s, outside the plausible range %s: %s") \
    X(DS_PLEASE_CHECK, "请核对", "please check") \
    X(DS_NO_STAGE_FOR_TYPE, "学校 %s 没有学段记录：学校类型为 %s，应有 %L 学段", "school %s has no stage record: a %s has the stages %L") \
    X(DS_MAKEUP, "学校 %s 的学校类型为 %s，学段记录应为 %L，实有 %L", "school %s is a %s: its stage records should be %L, not %L") \
    X(DS_NO_STAGE_RECORD, "学校 %s 没有学段记录：学段指标和差异系数都会缺少这所学校", "school %s has no stage record: every stage indicator and CV would leave it out") \
    X(DS_SUM, "学校 %s 的%s学段 %s 为 %s，而它的%s记录 %s 合计 %s（%d 条），相差超过容差 %s", \
      "school %s, stage %s: %s is %s, but its %s records' %s total %s (records: %d), beyond the tolerance %s") \
    X(DS_UNIT_SAME, "字段 '%s' 的值 '%s' 带有单位 '%s'：单位已由规则声明，请只填数", "field '%s' has value '%s' with the unit '%s' written: the rules declare the unit, give the number alone") \
    X(DS_UNIT_OTHER, "字段 '%s' 的值 '%s' 带有单位 '%s'，而规则的单位是 %s：请换算后只填数", "field '%s' has value '%s' in '%s', but the rules' unit is %s: convert it and give the number alone") \
    X(DS_UNIT_NONE, "字段 '%s' 的值 '%s' 带有 '%s'：请只填数", "field '%s' has value '%s' with '%s' written after it: give the number alone") \
    X(DS_UNKNOWN_COLUMN, "列 '%s' 不是规则声明的%s字段，不会读取；是否应为 '%s'？", "column '%s' is no declared %s field and is not read; did you mean '%s'?") \
    X(DS_UNKNOWN_COLUMN_ALONE, "列 '%s' 不是规则声明的%s字段，不会读取", "column '%s' is no declared %s field and is not read") \
    X(DS_UNKNOWN_MORE, "另有 %d 列不是规则声明的字段，不会读取", "%d more columns are no declared field and are not read") \
    X(DS_UNKNOWN_ROW, "'%s' 不是规则声明的%s字段，这一行不会读取；是否应为 '%s'？", "'%s' is no declared %s field: this row is not read; did you mean '%s'?") \
    X(DS_UNKNOWN_ROW_ALONE, "'%s' 不是规则声明的%s字段，这一行不会读取", "'%s' is no declared %s field: this row is not read") \
    X(DS_UNKNOWN_KEY, "键 \"%s\" 不是规则声明的%s字段，不会读取；是否应为 \"%s\"？", "key \"%s\" is no declared %s field and is not read; did you mean \"%s\"?") \
    X(DS_UNKNOWN_KEY_ALONE, "键 \"%s\" 不是规则声明的%s字段，不会读取", "key \"%s\" is no declared %s field and is not read") \
    X(DS_ABSENT_COLUMN, "没有列 '%s'：指标 %L 将缺少数据", "no column '%s': indicators %L will lack data") \
    X(DS_ABSENT_ROW, "没有 '%s' 这一行：指标 %L 将缺少数据", "no row '%s': indicators %L will lack data") \
    X(DS_ABSENT_MORE, "另有 %d 个指标读取的字段没有给出：%L", "%d more fields that indicators read are not given: %L") \
    X(DS_UNKNOWN_KEYS_MORE, "另有 %d 个键不是规则声明的%s字段，不会读取", "%d more keys are no declared %s field and are not read") \
    X(DS_ABSENT_KEY, "没有一处写有 \"%s\"：指标 %L 将缺少数据", "\"%s\" is given nowhere: indicators %L will lack data") \
    /* What a value of a field must look like (values.c) */ \
    X(FIELD_INT, "非负整数", "a non-negative whole number") \
    X(FIELD_NUM, "数值", "a number") \
    X(FIELD_RATIO, "比例（如 0.95 或 \"95%%\"）", "a ratio (0.95 or \"95%%\")") \
    X(FIELD_BOOL, "是/否（或 true/false、1/0、Y/N）", "true/false (or 是/否, 1/0, Y/N)") \
    X(FIELD_ENUM, "取值词", "a listed word") \
    X(FIELD_TEXT, "文字", "text") \
    X(FIELD_YEAR, "四位数的年份（如 2025）", "a four-digit year (such as 2025)") \
    /* The command line (main.c) */ \
    X(CLI_UNKNOWN_COMMAND, "未知命令 '%s'（可用：%s）", "unknown command '%s' (known: %s)") \
    X(CLI_UNKNOWN_COMMAND_SUGGEST, "未知命令 '%s'：是否要输入 %s？（可用：%s）", "unknown command '%s': did you mean %s? (known: %s)") \
    X(CLI_UNKNOWN_OPTION_SUGGEST, "未知选项 '%s'：是否要输入 %s？", "unknown option '%s': did you mean %s?") \
    X(CLI_TABLES_NEEDS_TABLE, "tables 需要 --table Ⅱ-2 或 --table Ⅲ", "tables needs --table II-2 or --table III") \
    X(CLI_UNKNOWN_OPTION, "未知选项 '%s'", "unknown option '%s'") \
    X(CLI_NEEDS_VALUE, "选项 %s 需要一个值", "option %s needs a value") \
    X(CLI_BAD_VALUE, "选项 %s 的值 '%s' 无效（可用：%s）", "option %s has an invalid value '%s' (known: %s)") \
    X(CLI_BAD_INTEGER, "选项 %s 的值 '%s' 无效：应为 %ld 到 %ld 之间的整数", "option %s has an invalid value '%s': an integer from %ld to %ld is needed") \
    X(CLI_BAD_SOURCE_DATE_EPOCH, "环境变量 SOURCE_DATE_EPOCH 的值 '%s' 无效：应为 0 到 %lld 之间的整数（自 1970-01-01 00:00:00 UTC 起的秒数），或不设置", "the environment variable SOURCE_DATE_EPOCH has an invalid value '%s': an integer from 0 to %lld is needed (seconds since 1970-01-01 00:00:00 UTC), or leave it unset") \
    X(CLI_BAD_NUMBER, "选项 %s 的值 '%s' 无效：应为大于 0、不超过 %ld 的数（可以有小数）", "option %s has an invalid value '%s': a number above 0 and at most %ld is needed (decimals allowed)") \
    X(CLI_NO_DATASET, "缺少数据集（.json 文件或 CSV 文件夹）", "no dataset given (a .json file or a CSV folder)") \
    X(CLI_DATE_TOO_EARLY, "评估日期 %s 早于参数 '%s' 最早的施行日期 %s：那时它还没有取值", "evaluation date %s is before parameter '%s' first took effect (%s): it had no value then") \
    X(CLI_CV_OF_COUNTY, "'%s' 是全县的差异系数，不属于某一所学校：去掉 --school 即可查看它的计算", "'%s' is the county's coefficient of variation, not a school's: leave out --school to see how it was computed") \
    X(CLI_XLSX_NEEDS_FILE, "--format xlsx 需要用 -o 指定工作簿文件（如 -o 评估结果.xlsx）", "--format xlsx needs -o FILE (for example -o results.xlsx)") \
    X(CLI_OPTION_NOT_FOR, "选项 %s 不适用于 %s 命令", "option %s does not apply to the %s command") \
    X(CLI_EXTRA_ARG, "多余的参数 '%s'", "unexpected argument '%s'") \
    X(CLI_NO_SCHOOL_OPTION, "explain 需要 --school 学校代码，或 --indicator 指标（县级指标与汇总）", "explain needs --school CODE, or --indicator ID (county results and roll-ups)") \
    X(CLI_SCHOOL_NOT_FOUND, "数据集中没有学校代码 %s", "no school with code %s in the dataset") \
    X(CLI_NOTHING_TO_EXPLAIN, "学校 %s 没有符合条件的结果（指标 %s，学段 %s）", "school %s has no result for indicator %s, stage %s") \
    X(CLI_NO_RULES_FOUND, "找不到默认规则集（在 %s 旁查找 rules/优质均衡）；请用 --rules 指定", "cannot find the default rule set (looked for rules/优质均衡 near %s); give --rules") \
    X(CLI_TEMPLATE_NEEDS_FILE, "template 须用 -o 给出要写的工作簿，如 -o 填报模板.xlsx", "template needs -o FILE, the workbook to write, e.g. -o template.xlsx") \
    X(CLI_DIFF_NEEDS, "diff 需要两个数据集，或一个数据集加 --with-rules 规则", "diff needs two datasets, or one dataset and --with-rules RULES") \
    X(CLI_PROGRESS, "已读取 %d 所学校…", "%d schools read…") \
    /* The command line: usage texts (main.c) */ \
    X(USAGE_MAIN, \
      "用法：junheng 命令 [选项]\n" \
      "\n" \
      "命令：\n" \
      "  eval 数据集       按规则集评估数据集，给出结论、各类别、差异系数与各校结果\n" \
      "  explain 数据集    说明某校某项结果的推导：输入值及来源、主测试、逐条例外、依据\n" \
      "  fields            列出规则集读取的数据字段（数据字典）\n" \
      "  template -o 文件  写出按规则集字段制作的空白填报工作簿（.xlsx）\n" \
      "  check             一次列出规则集的全部错误与警告\n" \
      "  test              运行规则集自带的测试，报告条款覆盖\n" \
      "  diff 数据集…      比较两年的数据，或同一数据在两套规则下的结果\n" \
      "  audit 数据集      例外认定台账：每个例外条款认定达标的学校、数值与依据\n" \
      "  gaps 数据集       整改清单：每项未达标结果要达标需改变多少（如 需增加 7 人）\n" \
      "  tables 数据集     国家督导评估报告用表 表Ⅱ-2、表Ⅲ（CSV）\n" \
      "  serve [数据集]    规则工作台：在浏览器中改规则，即时检查、重新评估、比较、测试，保存\n" \
      "\n" \
      "通用选项：\n" \
      "  --rules 路径      规则集文件夹或 .jh 文件（默认：随程序安装的 优质均衡）\n" \
      "  --lang zh|en      消息语言（默认 zh）\n" \
      "  --help            显示帮助；junheng 命令 --help 显示该命令的帮助\n" \
      "  --version         显示版本\n" \
      "\n" \
      "退出码：0 已完成评估（无论结论如何），1 规则或数据无效、结果无法写出，2 用法错误，3 内存不足。\n", \
      "Usage: junheng COMMAND [OPTIONS]\n" \
      "\n" \
      "Commands:\n" \
      "  eval DATASET      evaluate a dataset: verdict, categories, CVs, each school's results\n" \
      "  explain DATASET   show how results were derived: inputs and their origin, main test,\n" \
      "                    each exception tried, citations\n" \
      "  fields            list the data fields the rule set reads (the data dictionary)\n" \
      "  template -o FILE  write an empty workbook to fill in, made from the rule set's fields (.xlsx)\n" \
      "  check             list every error and warning of a rule set\n" \
      "  test              run the rule set's own tests and report clause coverage\n" \
      "  diff DATASET…     compare two years, or one dataset under two rule sets\n" \
      "  audit DATASET     exemption ledger: the schools each exception clause passed, values, sources\n" \
      "  gaps DATASET      rectification list: what each failing result needs to pass (add 7 teachers)\n" \
      "  tables DATASET    the national report's tables II-2 and III (CSV)\n" \
      "  serve [DATASET]   rule workbench: edit rules in a browser, checked, evaluated, compared and tested as you type\n" \
      "\n" \
      "Common options:\n" \
      "  --rules PATH      rule folder or .jh file (default: the installed 优质均衡 set)\n" \
      "  --lang zh|en      message language (default zh)\n" \
      "  --help            this help; junheng COMMAND --help for a command\n" \
      "  --version         print the version\n" \
      "\n" \
      "Exit status: 0 evaluated (whatever the verdict), 1 invalid rules or dataset, or the result could not be\n" \
      "written, 2 usage error, 3 out of memory.\n") \
    X(USAGE_EVAL, \
      "用法：junheng eval 数据集（.json 文件、CSV 文件夹或 .xlsx 工作簿） [--rules 路径] [--format text|json|csv|html|xlsx] [-o 文件] [--lang zh|en] [--stats]\n" \
      "\n" \
      "  --format text|json|csv|html|xlsx\n" \
      "                      text：供人阅读的报告（默认）；json：供程序读取的结果；csv：每项结果一行，供表格软件使用；\n" \
      "                      html：可打印的网页报告（一个文件，不需联网）；\n" \
      "                      xlsx：Excel 工作簿（汇总、学校明细、差异系数、例外认定台账、整改清单），须同时给 -o 文件\n" \
      "  -o 文件             写入文件（先写临时文件再改名，出错时不留下半截文件）\n" \
      "  --stats             在标准错误上报告读取、评估、输出用时与内存峰值\n", \
      "Usage: junheng eval DATASET (a .json file, a CSV folder or an .xlsx workbook) [--rules PATH] [--format text|json|csv|html|xlsx] [-o FILE] [--lang zh|en] [--stats]\n" \
      "\n" \
      "  --format text|json|csv|html|xlsx\n" \
      "                      text: a report for people (default); json: results for programs; csv: a row per result;\n" \
      "                      html: a printable web page (one file, no network);\n" \
      "                      xlsx: an Excel workbook (summary, schools, CVs, exemption ledger, gaps), with -o FILE\n" \
      "  -o FILE             write to FILE (through a temporary file renamed into place)\n" \
      "  --stats             report read, evaluate and write times and peak memory on stderr\n") \
    X(USAGE_EXPLAIN, \
      "用法：junheng explain 数据集 --school 学校代码 [--indicator 指标] [--stage 学段] [--rules 路径]\n" \
      "      junheng explain 数据集 --indicator 指标 [--rules 路径]\n" \
      "  数据集为 .json 文件或 CSV 文件夹。\n" \
      "\n" \
      "  --school 代码      要说明的学校\n" \
      "  --indicator 指标   只说明该指标，如 I4、RA（默认：该校全部指标）；不给 --school 时，\n" \
      "                     说明县级指标的推导，或学校指标的县级汇总及每所未达标、缺少数据的学校\n" \
      "  --stage 学段       只说明该学段，如 小学、初中（默认：全部）\n", \
      "Usage: junheng explain DATASET --school CODE [--indicator ID] [--stage STAGE] [--rules PATH]\n" \
      "       junheng explain DATASET --indicator ID [--rules PATH]\n" \
      "  DATASET is a .json file or a CSV folder.\n" \
      "\n" \
      "  --school CODE      the school to explain\n" \
      "  --indicator ID     only this indicator, e.g. I4, RA (default: all of the school's); without\n" \
      "                     --school: a county indicator's derivation, or a school indicator's county\n" \
      "                     roll-up with every school that fails or lacks data\n" \
      "  --stage STAGE      only this stage, e.g. 小学, 初中 (default: all)\n") \
    X(USAGE_FIELDS, \
      "用法：junheng fields [--rules 路径] [--format text|markdown]\n" \
      "\n" \
      "  列出规则集读取的全部数据字段：层级、类型、单位、分摊与默认值、用到它的指标。\n" \
      "  --format markdown  生成 docs/数据字典.md 的内容\n", \
      "Usage: junheng fields [--rules PATH] [--format text|markdown]\n" \
      "\n" \
      "  Lists every data field the rule set reads: level, type, unit, split and default, the indicators using it.\n" \
      "  --format markdown  the content of docs/数据字典.md\n") \
    X(USAGE_TEMPLATE, \
      "用法：junheng template -o 文件.xlsx [--rules 路径]\n" \
      "\n" \
      "  写出空白填报工作簿：每张数据表一个工作表（学校、学段、班级……县级），表头是规则集的字段名和单位，\n" \
      "  枚举与是/否有下拉列表，表头批注是字段说明。填好后直接评估：junheng eval 文件.xlsx\n", \
      "Usage: junheng template -o FILE.xlsx [--rules PATH]\n" \
      "\n" \
      "  Writes an empty workbook to fill in: a sheet per table of the dataset (学校, 学段, 班级 ... 县级), headed by\n" \
      "  the rule set's field names and units, with drop-down lists for enumerations and 是/否, and each field's\n" \
      "  description as the heading's comment. Evaluate it once filled: junheng eval FILE.xlsx\n") \
    X(USAGE_CHECK, \
      "用法：junheng check [--rules 路径]\n" \
      "\n" \
      "  一次列出规则集的全部问题：错误（语法、未声明的名称、重复编号、缺标准、缺依据……）与编号警告：\n" \
      "    J101 没有指标读取的字段      J102 没有被使用的参数      J103 没有被使用的定义\n" \
      "    J104 单位不同的数值比较或加减  J105 与主测试相同、不可能改变结果的例外\n" \
      "    J106 与前一条例外同时成立、不会起决定作用的例外  J107 前面的例外总是先成立、不会起决定作用的例外\n" \
      "  在警告所在行的上一行写注释即可忽略，须写明理由：# 忽略 J101：理由\n" \
      "  退出码：没有错误为 0（可以有警告），有错误为 1。\n", \
      "Usage: junheng check [--rules PATH]\n" \
      "\n" \
      "  Lists every problem of a rule set at once: errors (syntax, unknown names, duplicate ids, missing\n" \
      "  thresholds or citations...) and numbered warnings:\n" \
      "    J101 a field no indicator reads   J102 an unused parameter   J103 an unused definition\n" \
      "    J104 values of different units compared or added   J105 an exception that can never hold\n" \
      "    J106 an exception holding exactly when an earlier one does   J107 one an earlier exception always shadows\n" \
      "  A comment on the line above silences a warning, with a reason: # ignore J101: reason\n" \
      "  Exit status 0 without errors (warnings allowed), 1 with errors.\n") \
    X(USAGE_DIFF, \
      "用法：junheng diff 上年数据集 本年数据集 [--rules 路径] [--format text|json|csv] [-o 文件]\n" \
      "      junheng diff 数据集 [--rules 现行规则] --with-rules 拟修改的规则 [--format text|json|csv] [-o 文件]\n" \
      "\n" \
      "  先给出评估结论与各类别的变化，再列出结果或起决定作用的条款发生变化的每一项学校（学段）结果、\n" \
      "  县级指标与差异系数及原因（数值越过标准、标准改变、条款增删或其条件变化），并按指标汇总变化项数。\n" \
      "  --strict  把数据集的警告当作错误：有警告即不评估\n", \
      "Usage: junheng diff OLD_DATASET NEW_DATASET [--rules PATH] [--format text|json|csv] [-o FILE]\n" \
      "       junheng diff DATASET [--rules CURRENT] --with-rules PROPOSED [--format text|json|csv] [-o FILE]\n" \
      "\n" \
      "  The verdict and categories before and after, then every school (stage) result, county indicator and CV\n" \
      "  whose status or deciding clause changes, with the reason (value crossed the threshold, threshold\n" \
      "  changed, clause added, removed or changed), and a count per indicator.\n" \
      "  --strict  treat the dataset's warnings as errors: nothing is evaluated when there is one\n") \
    X(USAGE_AUDIT, \
      "用法：junheng audit 数据集 [--rules 路径] [--format text|json|csv] [-o 文件] [--stats]\n" \
      "\n" \
      "  例外认定台账：按条款列出依该条款认定达标的每一项学校（学段）结果，附指标值、条款值与标准、\n" \
      "  政策依据；各条款按学校类型计数；列出未认定任何结果的条款。\n" \
      "  csv 每行一项结果，便于在表格软件中筛选核对。\n" \
      "  --stats             在标准错误上报告读取、评估、输出用时与内存峰值\n", \
      "Usage: junheng audit DATASET [--rules PATH] [--format text|json|csv] [-o FILE] [--stats]\n" \
      "\n" \
      "  Exemption ledger: per clause, every school (stage) result it passed, with the indicator value, the\n" \
      "  clause's value and threshold, and the policy source; counts per school type; clauses that decided nothing.\n" \
      "  csv gives one row per result, for filtering in a spreadsheet.\n" \
      "  --stats             report read, evaluate and write times and peak memory on stderr\n") \
    X(USAGE_GAPS, \
      "用法：junheng gaps 数据集 [--rules 路径] [--format text|json|csv] [-o 文件]\n" \
      "\n" \
      "  整改清单：按学校列出每一项未达标的结果，以及规则中写明可整改的输入（整改）要改变多少，主测试才达到标准，\n" \
      "  用该输入的单位表示（人、间、平方米，人数与间数向上取整）。改变量由规则本身算出：只改这一项，其他数据不变。\n" \
      "  --strict  把数据集的警告当作错误：有警告即不评估\n", \
      "Usage: junheng gaps DATASET [--rules PATH] [--format text|json|csv] [-o FILE]\n" \
      "\n" \
      "  Rectification list: per school, every failing result and how much each input the rule marks 整改 must change\n" \
      "  for the main test to pass, in that input's unit (people and rooms rounded up), computed from the rule itself.\n") \
    X(USAGE_RUN_OPTIONS, \
      "\n" \
      "  评估数据集的命令（eval、explain、audit、gaps、tables、diff）都接受：\n" \
      "  --as-of 日期        按该日期（YYYY-MM-DD）施行的参数取值评估；默认为数据集年度的 12 月 31 日\n" \
      "  --encoding 编码     CSV 文件夹的编码：auto（默认，自动识别 UTF-8 或 GB18030）、utf-8、gb18030、gbk\n" \
      "  --jobs N            用 N 个线程评估（默认：处理器个数）；结果与 --jobs 1 逐字节相同\n" \
      "  --lua-instructions N / --lua-memory MiB / --lua-seconds S\n" \
      "                      规则集中 Lua 脚本的预算：每次调用的指令数、内存上限、整个评估的用时上限\n" \
      "  --strict            把数据集的警告（未声明的列、缺少的字段、超出合理范围的值……）当作错误：有警告即不评估\n" \
      "  --lang zh|en        消息与报告的语言（默认 zh）\n", \
      "\n" \
      "  Every command that evaluates a dataset (eval, explain, audit, gaps, tables, diff) also takes:\n" \
      "  --as-of DATE        use the parameter values in force on DATE (YYYY-MM-DD); default: 31 December\n" \
      "                      of the dataset's year\n" \
      "  --encoding ENC      encoding of a CSV folder: auto (default: UTF-8 or GB18030), utf-8, gb18030, gbk\n" \
      "  --jobs N            evaluate on N threads (default: the processors online); the same bytes as --jobs 1\n" \
      "  --lua-instructions N / --lua-memory MiB / --lua-seconds S\n" \
      "                      budgets of the rule set's Lua scripts: instructions per call, memory, time per evaluation\n" \
      "  --strict            treat the dataset's warnings (unknown columns, missing fields, implausible values...)\n" \
      "                      as errors: nothing is evaluated when there is one\n" \
      "  --lang zh|en        language of messages and reports (default zh)\n") \
    X(USAGE_TABLES, \
      "用法：junheng tables 数据集 --table Ⅱ-2|Ⅲ [--rules 路径] [--format csv] [-o 文件]\n" \
      "\n" \
      "  国家督导评估报告用表，CSV 格式（一次一张表）：\n" \
      "    Ⅱ-2  每个学校学段一行：举办者类型、在校生数、班级数、资源配置各项指标的值、是否达标、备注（达标的指标与达到标准 85%% 的指标）\n" \
      "    Ⅲ    每项指标、每个学段一行：全县平均值（两位小数）、差异系数（三位小数）、限值、是否达标\n" \
      "  小数位数与 85%% 按规则集的参数 报表数值小数位、报表差异系数小数位、报表接近标准 显示；评估按原值计算。\n" \
      "  两张表也在网页报告（--format html）和 Excel 工作簿（--format xlsx）中。\n" \
      "  --table 表          Ⅱ-2（也可写 II-2、表Ⅱ-2）或 Ⅲ（III、表Ⅲ）\n", \
      "Usage: junheng tables DATASET --table II-2|III [--rules PATH] [--format csv] [-o FILE]\n" \
      "\n" \
      "  The tables of the national report, as CSV (one table at a time):\n" \
      "    II-2  a row per school-stage: owner, students, classes, the resource indicators' values, passed, remarks\n" \
      "          (the indicators that met the standard, those that reached 85%% of it)\n" \
      "    III   a row per indicator and stage: county mean (two decimals), CV (three decimals), limit, passed\n" \
      "  Decimals and the 85%% follow the rule set's parameters 报表数值小数位, 报表差异系数小数位, 报表接近标准;\n" \
      "  the evaluation is exact. Both tables are in the HTML report and the Excel workbook too.\n" \
      "  --table T           II-2 (or Ⅱ-2, 表Ⅱ-2) or III (Ⅲ, 表Ⅲ)\n") \
    X(USAGE_TEST, \
      "用法：junheng test [--rules 路径]\n" \
      "\n" \
      "  运行规则集 测试/ 文件夹中的测试：每个测试给出输入数据与某项指标的预期结果（及起决定作用的条款），\n" \
      "  报告未通过的测试及其推导、没有测试使之起决定作用的例外与否决条款，最后一行为 N passed, N failed。\n" \
      "  退出码：全部通过为 0，有未通过的测试或规则无效为 1。\n" \
      "  --lua-instructions N / --lua-memory MiB / --lua-seconds S\n" \
      "                      规则集中 Lua 脚本的预算：每次调用的指令数、内存上限、整个评估的用时上限\n", \
      "Usage: junheng test [--rules PATH]\n" \
      "\n" \
      "  Runs the tests in the rule set's 测试/ folder: each gives input data and the expected result of an\n" \
      "  indicator (and its deciding clause); reports failures with their derivation, the exceptions and vetoes\n" \
      "  no test makes decide, and ends with N passed, N failed. Exit status 0 when all pass, else 1.\n" \
      "  --lua-instructions N / --lua-memory MiB / --lua-seconds S\n" \
      "                      budgets of the rule set's Lua scripts: instructions per call, memory, time per evaluation\n") \
    X(USAGE_SERVE, \
      "用法：junheng serve [数据集] [--rules 路径] [--port 端口]\n" \
      "\n" \
      "  规则工作台：在本机 127.0.0.1 上启动一个网页服务，打印带口令的地址，在浏览器中打开即可改规则：\n" \
      "  每次修改都像 check 一样检查，规则有效时重新评估数据集（结论、类别、各校结果随之变化），\n" \
      "  列出与已保存的规则相比变化的结果及原因（同 diff），运行规则测试并报告条款覆盖；点结果看推导（同 explain）。\n" \
      "  保存时原子地写回规则文件（只写规则文件夹中的普通文件），可撤销一次，并重新运行测试。\n" \
      "  数据集只在启动时读一次，从不写入。按 Ctrl-C 停止。\n" \
      "\n" \
      "  --port 端口         监听的端口（默认 %d；0 由系统选一个空闲端口）\n" \
      "  --as-of 日期        按该日期施行的参数取值评估（默认：数据集年度的 12 月 31 日）\n" \
      "  --encoding 编码     CSV 文件夹的编码：auto（默认）、utf-8、gb18030、gbk\n" \
      "  --lua-instructions N / --lua-memory MiB / --lua-seconds S\n" \
      "                      规则集中 Lua 脚本的预算，每次评估各自计算，同 eval\n", \
      "Usage: junheng serve [DATASET] [--rules PATH] [--port PORT]\n" \
      "\n" \
      "  Rule workbench: serves a page on 127.0.0.1 and prints its address with a token; open it in a browser\n" \
      "  to edit the rules. Every change is checked as check does; valid rules re-evaluate the dataset (verdict,\n" \
      "  categories and schools update), list what changed against the saved rules and why (as diff), and run\n" \
      "  the rule tests with clause coverage; a click on a result explains it (as explain). Saving writes the rule\n" \
      "  file atomically (only regular files of the rule folder), keeps one undo and runs the tests again.\n" \
      "  The dataset is read once at start and never written. Ctrl-C stops it.\n" \
      "\n" \
      "  --port PORT         the port (default %d; 0: any free port)\n" \
      "  --as-of DATE        parameter values in force on DATE (default: 31 December of the dataset's year)\n" \
      "  --encoding ENC      encoding of a CSV folder: auto (default), utf-8, gb18030, gbk\n" \
      "  --lua-instructions N / --lua-memory MiB / --lua-seconds S\n" \
      "                      budgets of the rule set's Lua scripts, for each evaluation, as for eval\n") \
    X(CLI_SEE_HELP, "\n（junheng --help 查看用法）\n", "\n(see junheng --help)\n")


typedef enum {
#define MSG_ENUM(id, zh, en) MSG_##id,
    MSG_TABLE(MSG_ENUM)
#undef MSG_ENUM
/* The keywords as messages spell them, quoted ('指标', 'indicator'):
 * MSG_KEYWORD_K_INDICATOR…, from keywords.h. */
#define MSG_KEYWORD_ENUM(tok, zh, en) MSG_KEYWORD_##tok,
    KEYWORD_TABLE(MSG_KEYWORD_ENUM)
#undef MSG_KEYWORD_ENUM
    MSG_COUNT
} MsgId;

/* The arguments of an entry, copied (texts included): what a diagnostic
 * keeps until it is printed. One allocation; release with free(). */
typedef struct MsgArgs MsgArgs;

/* The text of an entry in lang, as it is written: for entries without
 * conversions (words, titles, help texts). */
const char *msg(Lang lang, MsgId id);
/* A catalogue text to pass as a %s argument: the entry (one without
 * conversions) is written in the language of the message that takes it.
 * Only the functions below and diagnostics know it; as a C string it is
 * empty. */
const char *msg_ref(MsgId id);
/* A system error (errno) as a %s argument: the catalogue's words for the
 * common ones (a msg_ref), else the C library's text. */
const char *errno_text(int err);

/* Writes entry id in lang with its arguments, as printf would. */
void msg_print(FILE *out, Lang lang, MsgId id, ...);
/* The same from ap; with escaped set, each text argument (%s, %L) is
 * written as text_escaped writes it (escape.h): for messages that show
 * what a file or the user gave. */
void msg_vprint(FILE *out, Lang lang, int escaped, MsgId id, va_list ap);
/* Entry id in lang with its arguments as a string (not escaped); caller
 * frees. */
char *msg_format(Lang lang, MsgId id, ...);
char *msg_vformat(Lang lang, MsgId id, va_list ap);
/* The same into buf, cut to size bytes as snprintf cuts. */
void msg_snprint(char *buf, size_t size, Lang lang, MsgId id, ...);

/* Copies the arguments of entry id from ap (read as its Chinese column
 * says: both columns take the same). */
MsgArgs *msg_args(MsgId id, va_list ap);
/* Writes entry id in lang with stored arguments; escaped as for
 * msg_vprint when escaped is set. */
void msg_write(FILE *out, Lang lang, MsgId id, const MsgArgs *args, int escaped);
/* The same as a string (not escaped); caller frees. */
char *msg_string(Lang lang, MsgId id, const MsgArgs *args);

/* The argument types a format takes, one code per conversion (what the
 * catalogue's test compares across the two columns): "d" int, "ld" long,
 * "zu" size_t, "f" double, "s" text, "M" entry, "L" list… Returns the number
 * of conversions, or -1 when the format has one the writer does not know. */
int msg_signature(const char *format, char *sig, size_t size);

#endif
