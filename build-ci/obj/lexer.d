build-ci/obj/lexer.o: build-ci/lexer.c engine/lex.h engine/diag.h \
 engine/msg.h
engine/lex.h:
engine/diag.h:
engine/msg.h:
