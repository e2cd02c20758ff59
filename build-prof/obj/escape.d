build-prof/obj/escape.o: engine/escape.c engine/escape.h engine/numfmt.h
engine/escape.h:
engine/numfmt.h:
