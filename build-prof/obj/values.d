build-prof/obj/values.o: engine/values.c engine/values.h engine/arena.h \
 engine/dataset.h engine/limits.h engine/rules.h engine/diag.h \
 engine/msg.h engine/lex.h
engine/values.h:
engine/arena.h:
engine/dataset.h:
engine/limits.h:
engine/rules.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
