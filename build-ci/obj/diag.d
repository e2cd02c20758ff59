build-ci/obj/diag.o: engine/diag.c engine/diag.h engine/msg.h \
 engine/arena.h engine/escape.h engine/limits.h
engine/diag.h:
engine/msg.h:
engine/arena.h:
engine/escape.h:
engine/limits.h:
