build-prof/obj/diag.o: engine/diag.c engine/diag.h engine/msg.h \
 engine/arena.h engine/limits.h
engine/diag.h:
engine/msg.h:
engine/arena.h:
engine/limits.h:
