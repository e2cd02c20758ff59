build-ci/obj/table.o: engine/table.c engine/table.h engine/escape.h
engine/table.h:
engine/escape.h:
