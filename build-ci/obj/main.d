build-ci/obj/main.o: engine/main.c engine/diag.h engine/msg.h \
 engine/dictionary.h engine/rules.h engine/arena.h engine/lex.h \
 engine/diff.h engine/eval.h engine/dataset.h engine/layout.h \
 engine/limits.h engine/run.h engine/audit.h engine/report.h \
 engine/table.h engine/gaps.h engine/workbook.h engine/html.h \
 engine/values.h engine/lint.h engine/pool.h engine/escape.h \
 engine/explain.h engine/output.h engine/reader.h engine/ruletest.h
engine/diag.h:
engine/msg.h:
engine/dictionary.h:
engine/rules.h:
engine/arena.h:
engine/lex.h:
engine/diff.h:
engine/eval.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
engine/run.h:
engine/audit.h:
engine/report.h:
engine/table.h:
engine/gaps.h:
engine/workbook.h:
engine/html.h:
engine/values.h:
engine/lint.h:
engine/pool.h:
engine/escape.h:
engine/explain.h:
engine/output.h:
engine/reader.h:
engine/ruletest.h:
