build-ci/obj/rules.o: engine/rules.c engine/rules.h engine/arena.h \
 engine/diag.h engine/msg.h engine/lex.h engine/check.h engine/digest.h \
 engine/limits.h engine/parse.h engine/script.h engine/dataset.h \
 engine/layout.h
engine/rules.h:
engine/arena.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
engine/check.h:
engine/digest.h:
engine/limits.h:
engine/parse.h:
engine/script.h:
engine/dataset.h:
engine/layout.h:
