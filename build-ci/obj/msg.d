build-ci/obj/msg.o: engine/msg.c engine/msg.h
engine/msg.h:
