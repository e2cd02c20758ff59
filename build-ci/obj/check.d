build-ci/obj/check.o: engine/check.c engine/check.h engine/diag.h \
 engine/msg.h engine/rules.h engine/arena.h engine/lex.h engine/layout.h \
 engine/limits.h engine/values.h
engine/check.h:
engine/diag.h:
engine/msg.h:
engine/rules.h:
engine/arena.h:
engine/lex.h:
engine/layout.h:
engine/limits.h:
engine/values.h:
