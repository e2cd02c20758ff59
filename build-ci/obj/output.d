build-ci/obj/output.o: engine/output.c engine/output.h engine/diag.h \
 engine/msg.h engine/arena.h
engine/output.h:
engine/diag.h:
engine/msg.h:
engine/arena.h:
