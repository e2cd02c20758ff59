build-ci/obj/run.o: engine/run.c engine/run.h engine/diag.h engine/msg.h \
 engine/rules.h engine/arena.h engine/lex.h engine/script.h \
 engine/dataset.h engine/layout.h engine/limits.h
engine/run.h:
engine/diag.h:
engine/msg.h:
engine/rules.h:
engine/arena.h:
engine/lex.h:
engine/script.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
