/* layout.h — the key names of the dataset layout (data.md), not rules:
 * the readers find records by them, and the checker requires the rule set
 * to declare the fields the layout keys records by (学段, 学校类型). */
#ifndef JH_LAYOUT_H
#define JH_LAYOUT_H

#define DS_KEY_META "数据集"
#define DS_KEY_META_NAME "名称"
#define DS_KEY_META_YEAR "年度"
#define DS_KEY_COUNTY "县级"
#define DS_KEY_SCHOOLS "学校"
#define DS_KEY_STAGES "学段"        /* a school's list of stage records; the other
                                       lists are keyed by their level's name */
#define DS_KEY_STAGE "学段"         /* the stage word inside a stage record */
#define DS_KEY_SCHOOL_CODE "学校代码"
#define DS_KEY_SCHOOL_NAME "学校名称"
#define DS_KEY_SCHOOL_TYPE "学校类型"

#endif
