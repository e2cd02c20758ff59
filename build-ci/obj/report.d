build-ci/obj/report.o: engine/report.c engine/report.h engine/eval.h \
 engine/arena.h engine/dataset.h engine/layout.h engine/limits.h \
 engine/rules.h engine/diag.h engine/msg.h engine/lex.h engine/run.h \
 engine/table.h engine/pool.h engine/numfmt.h engine/escape.h
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
engine/pool.h:
engine/numfmt.h:
engine/escape.h:
