build-ci/obj/values.o: engine/values.c engine/values.h engine/arena.h \
 engine/rules.h engine/diag.h engine/msg.h engine/lex.h engine/dataset.h \
 engine/layout.h engine/limits.h
engine/values.h:
engine/arena.h:
engine/rules.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
