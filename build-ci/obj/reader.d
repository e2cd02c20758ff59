build-ci/obj/reader.o: engine/reader.c engine/reader.h engine/arena.h \
 engine/dataset.h engine/layout.h engine/limits.h engine/rules.h \
 engine/diag.h engine/msg.h engine/lex.h engine/csvload.h \
 engine/jsonload.h
engine/reader.h:
engine/arena.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
engine/rules.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
engine/csvload.h:
engine/jsonload.h:
