build-ci/obj/parse.o: engine/parse.c engine/parse.h engine/diag.h \
 engine/msg.h engine/rules.h engine/arena.h engine/lex.h engine/layout.h \
 engine/limits.h engine/values.h
engine/parse.h:
engine/diag.h:
engine/msg.h:
engine/rules.h:
engine/arena.h:
engine/lex.h:
engine/layout.h:
engine/limits.h:
engine/values.h:
