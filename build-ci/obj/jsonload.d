build-ci/obj/jsonload.o: engine/jsonload.c engine/jsonload.h \
 engine/arena.h engine/dataset.h engine/layout.h engine/limits.h \
 engine/rules.h engine/diag.h engine/msg.h engine/lex.h engine/digest.h \
 engine/values.h
engine/jsonload.h:
engine/arena.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
engine/rules.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
engine/digest.h:
engine/values.h:
