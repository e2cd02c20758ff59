build-ci/obj/lint.o: engine/lint.c engine/lint.h engine/diag.h \
 engine/msg.h engine/rules.h engine/arena.h engine/lex.h engine/dataset.h \
 engine/layout.h engine/limits.h engine/dictionary.h
engine/lint.h:
engine/diag.h:
engine/msg.h:
engine/rules.h:
engine/arena.h:
engine/lex.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
engine/dictionary.h:
