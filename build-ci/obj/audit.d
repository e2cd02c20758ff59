build-ci/obj/audit.o: engine/audit.c engine/audit.h engine/report.h \
 engine/eval.h engine/arena.h engine/dataset.h engine/layout.h \
 engine/limits.h engine/rules.h engine/diag.h engine/msg.h engine/lex.h \
 engine/run.h engine/table.h engine/escape.h
engine/audit.h:
engine/report.h:
engine/eval.h:
engine/arena.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
engine/rules.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
engine/run.h:
engine/table.h:
engine/escape.h:
