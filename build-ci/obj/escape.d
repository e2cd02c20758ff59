build-ci/obj/escape.o: engine/escape.c engine/escape.h engine/diag.h \
 engine/msg.h engine/numfmt.h
engine/escape.h:
engine/diag.h:
engine/msg.h:
engine/numfmt.h:
