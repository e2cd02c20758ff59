build-prof/obj/parse.o: engine/parse.c engine/rules.h engine/arena.h \
 engine/diag.h engine/msg.h engine/lex.h engine/dataset.h engine/limits.h \
 engine/values.h
engine/rules.h:
engine/arena.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
engine/dataset.h:
engine/limits.h:
engine/values.h:
