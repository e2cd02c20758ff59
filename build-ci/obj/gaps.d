build-ci/obj/gaps.o: engine/gaps.c engine/gaps.h engine/dataset.h \
 engine/layout.h engine/limits.h engine/rules.h engine/arena.h \
 engine/diag.h engine/msg.h engine/lex.h engine/report.h engine/eval.h \
 engine/run.h engine/table.h engine/escape.h
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
engine/escape.h:
