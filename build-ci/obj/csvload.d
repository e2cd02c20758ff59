build-ci/obj/csvload.o: engine/csvload.c engine/csvload.h engine/arena.h \
 engine/dataset.h engine/layout.h engine/limits.h engine/rules.h \
 engine/diag.h engine/msg.h engine/lex.h engine/digest.h engine/numfmt.h \
 engine/values.h
engine/csvload.h:
engine/arena.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
engine/rules.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
engine/digest.h:
engine/numfmt.h:
engine/values.h:
