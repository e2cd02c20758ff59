build-ci/obj/digest.o: engine/digest.c engine/digest.h engine/arena.h
engine/digest.h:
engine/arena.h:
