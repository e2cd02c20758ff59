build-prof/obj/rules.o: engine/rules.c engine/rules.h engine/arena.h \
 engine/diag.h engine/msg.h engine/lex.h engine/limits.h engine/digest.h \
 engine/script.h engine/dataset.h
engine/rules.h:
engine/arena.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
engine/limits.h:
engine/digest.h:
engine/script.h:
engine/dataset.h:
