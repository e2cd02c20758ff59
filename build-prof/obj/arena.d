build-prof/obj/arena.o: engine/arena.c engine/arena.h
engine/arena.h:
