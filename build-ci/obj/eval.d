build-ci/obj/eval.o: engine/eval.c engine/eval.h engine/arena.h \
 engine/dataset.h engine/layout.h engine/limits.h engine/rules.h \
 engine/diag.h engine/msg.h engine/lex.h engine/run.h engine/script.h
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
engine/script.h:
