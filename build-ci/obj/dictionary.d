build-ci/obj/dictionary.o: engine/dictionary.c engine/dictionary.h \
 engine/rules.h engine/arena.h engine/diag.h engine/msg.h engine/lex.h
engine/dictionary.h:
engine/rules.h:
engine/arena.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
