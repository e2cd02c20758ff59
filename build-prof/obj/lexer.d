build-prof/obj/lexer.o: build-prof/lexer.c engine/lex.h engine/diag.h \
 engine/msg.h
engine/lex.h:
engine/diag.h:
engine/msg.h:
