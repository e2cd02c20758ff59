/* keywords.h — the keywords of the rule language, in one table read by the
 * lexer (lex.h: their tokens), the message catalogue (msg.h: how messages
 * spell them) and the workbench (the words its editor highlights). */
#ifndef JH_KEYWORDS_H
#define JH_KEYWORDS_H

/* Keywords: token, Chinese spelling, English spelling. The re2c rules in
 * lexer/lexer.re list the same spellings (keep both in step). */
#define KEYWORD_TABLE(X) \
    X(K_RULESET, "规则集", "ruleset") \
    X(K_FIELDS, "字段", "fields") \
    X(K_RECORD, "记录", "record") \
    X(K_WORDS, "词表", "words") \
    X(K_PARAM, "参数", "param") \
    X(K_DEFINE, "定义", "define") \
    X(K_INDICATOR, "指标", "indicator") \
    X(K_EXCEPTION, "例外", "exception") \
    X(K_VETO, "否决", "veto") \
    X(K_CATEGORY, "类别", "category") \
    X(K_SCOPE, "对象", "scope") \
    X(K_SOURCE, "依据", "source") \
    X(K_APPLIES, "适用", "applies") \
    X(K_VALUE, "值", "value") \
    X(K_THRESHOLD, "标准", "threshold") \
    X(K_CONDITION, "条件", "condition") \
    X(K_REMEDY, "整改", "remedy") \
    X(K_CV, "差异系数", "cv") \
    X(K_LIMIT, "限值", "limit") \
    X(K_COMPOSITE, "综合限值", "composite_limit") \
    X(K_COMPOSITE_NAME, "综合名称", "composite_name") \
    X(K_WEIGHT, "加权", "weighted") \
    X(K_SPLIT, "分摊", "split") \
    X(K_BY, "按", "by") \
    X(K_WEIGHTS, "权重", "weights") \
    X(K_STAGES, "评估学段", "stages") \
    X(K_DEFAULT, "默认", "default") \
    X(K_DESCRIPTION, "说明", "description") \
    X(K_ALIAS, "也称", "alias") \
    X(K_IMPORT, "导入", "import") \
    X(K_RANGE, "取值范围", "range") \
    X(K_PLAUSIBLE, "合理范围", "plausible") \
    X(K_PER_PUPIL, "生均", "per_pupil") \
    X(K_HINT, "提示", "hint") \
    X(K_SUM_OF, "核对合计", "sum_of") \
    X(K_STAGE_MAKEUP, "学段构成", "stage_makeup") \
    X(K_MEMBERS, "包含", "members") \
    X(K_TOLERANCE, "容差", "tolerance") \
    X(K_TEST, "测试", "test") \
    X(K_FROM, "自", "from") \
    X(K_SCRIPT_LIMITS, "脚本限制", "script_limits") \
    X(K_DATA, "数据", "data") \
    X(K_EXPECT, "预期", "expect") \
    X(K_AND, "且", "and") \
    X(K_OR, "或", "or") \
    X(K_NOT, "非", "not") \
    X(K_IF, "若", "if") \
    X(K_THEN, "则", "then") \
    X(K_ELSE, "否则", "else") \
    X(K_IN, "属于", "in") \
    X(K_WHERE, "其中", "where") \
    X(K_OTHER, "其他", "other") \
    X(K_TRUE, "是", "true") \
    X(K_FALSE, "否", "false") \
    X(K_INT, "整数", "int") \
    X(K_NUM, "数值", "num") \
    X(K_BOOL, "布尔", "bool") \
    X(K_RATIO, "比例", "ratio") \
    X(K_ENUM, "枚举", "enum") \
    X(K_TEXT, "文本", "text")

#endif
