build-ci/obj/ruletest.o: engine/ruletest.c engine/ruletest.h engine/run.h \
 engine/diag.h engine/msg.h engine/rules.h engine/arena.h engine/lex.h \
 engine/eval.h engine/dataset.h engine/layout.h engine/limits.h \
 engine/explain.h engine/report.h engine/table.h engine/values.h
engine/ruletest.h:
engine/run.h:
engine/diag.h:
engine/msg.h:
engine/rules.h:
engine/arena.h:
engine/lex.h:
engine/eval.h:
engine/dataset.h:
engine/layout.h:
engine/limits.h:
engine/explain.h:
engine/report.h:
engine/table.h:
engine/values.h:
