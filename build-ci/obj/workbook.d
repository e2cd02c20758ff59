build-ci/obj/workbook.o: engine/workbook.c engine/workbook.h \
 engine/gaps.h engine/dataset.h engine/layout.h engine/limits.h \
 engine/rules.h engine/arena.h engine/diag.h engine/msg.h engine/lex.h \
 engine/report.h engine/eval.h engine/run.h engine/table.h engine/audit.h
engine/workbook.h:
engine/gaps.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
engine/rules.h:
engine/arena.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
engine/report.h:
engine/eval.h:
engine/run.h:
engine/table.h:
engine/audit.h:
