build-ci/obj/numfmt.o: engine/numfmt.c engine/numfmt.h
engine/numfmt.h:
