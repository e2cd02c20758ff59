build-ci/obj/explain.o: engine/explain.c engine/explain.h engine/eval.h \
 engine/arena.h engine/dataset.h engine/layout.h engine/limits.h \
 engine/rules.h engine/diag.h engine/msg.h engine/lex.h engine/run.h \
 engine/report.h engine/table.h engine/escape.h
engine/explain.h:
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
engine/report.h:
engine/table.h:
engine/escape.h:
