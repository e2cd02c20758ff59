build-ci/obj/script.o: engine/script.c engine/script.h engine/dataset.h \
 engine/layout.h engine/limits.h engine/rules.h engine/arena.h \
 engine/diag.h engine/msg.h engine/lex.h engine/numfmt.h \
 /usr/include/lua5.4/lauxlib.h /usr/include/lua5.4/luaconf.h \
 /usr/include/lua5.4/lua.h /usr/include/lua5.4/lua.h \
 /usr/include/lua5.4/lualib.h
engine/script.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
engine/rules.h:
engine/arena.h:
engine/diag.h:
engine/msg.h:
engine/lex.h:
engine/numfmt.h:
/usr/include/lua5.4/lauxlib.h:
/usr/include/lua5.4/luaconf.h:
/usr/include/lua5.4/lua.h:
/usr/include/lua5.4/lua.h:
/usr/include/lua5.4/lualib.h:
