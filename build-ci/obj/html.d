build-ci/obj/html.o: engine/html.c engine/html.h engine/dataset.h \
 engine/layout.h engine/limits.h engine/rules.h engine/arena.h \
 engine/diag.h engine/msg.h engine/lex.h engine/report.h engine/eval.h \
 engine/run.h engine/table.h engine/explain.h engine/numfmt.h
engine/html.h:
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
engine/explain.h:
engine/numfmt.h:
