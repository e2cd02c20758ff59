# junheng — build, test, demo, bench, install.
# `make demo` and `make test` first install missing Debian packages when run
# as root, else print the apt-get line to run.

CC       ?= cc
PREFIX   ?= /usr/local
BUILD    ?= build
MODE     ?= release

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wvla
CFLAGS_release  := -O2 -g
CFLAGS_debug    := -O0 -g3
CFLAGS_sanitize := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CFLAGS   ?= $(CFLAGS_$(MODE))
ifeq ($(MODE),sanitize)
  LDFLAGS += -fsanitize=address,undefined
endif
ifdef CI
  WARN += -Werror
endif
ALL_CFLAGS := -std=c11 $(WARN) $(CFLAGS) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -iquote engine -I$(BUILD) -I/usr/include/lua5.4
LDLIBS   := -lcjson -lcrypto -llua5.4 -lxlsxwriter -lm

PACKAGES := gcc make re2c libcjson-dev libssl-dev libcmocka-dev liblua5.4-dev libxlsxwriter-dev unzip pkg-config

ENGINE_SRC := $(filter-out engine/main.c,$(wildcard engine/*.c))
ENGINE_OBJ := $(patsubst engine/%.c,$(BUILD)/obj/%.o,$(ENGINE_SRC)) $(BUILD)/obj/lexer.o
TEST_SRC   := $(wildcard tests/unit/test_*.c)
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN := $(patsubst %,$(BUILD)/tests/replay_%,$(FUZZ_TARGETS))
TEST_BIN   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC)) $(REPLAY_BIN)
FUZZ_SECONDS ?= 60
SAMPLE     := datasets/lusong-2025-synthetic.json

.PHONY: all deps test golden-update docs demo bench bench-memory fuzz install clean
.SECONDARY: $(BUILD)/lexer.c

all: $(BUILD)/junheng

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "安装缺少的软件包:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null || exit 1; \
	  else \
	    echo "缺少软件包，请先运行：sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(BUILD)/lexer.c: lexer/lexer.re engine/lex.h
	@mkdir -p $(@D)
	re2c -8 --input-encoding utf8 -W -o $@ $<

$(BUILD)/obj/lexer.o: $(BUILD)/lexer.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: engine/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libjunheng.a: $(ENGINE_OBJ)
	ar rcs $@ $^

$(BUILD)/junheng: $(BUILD)/obj/main.o $(BUILD)/libjunheng.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/support.h $(BUILD)/libjunheng.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/libjunheng.a $(LDLIBS) -lcmocka

# Fuzz inputs kept as regressions, replayed without libFuzzer.
$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/shipped.h tests/fuzz/replay.c $(BUILD)/libjunheng.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -iquote tests/fuzz -DREGRESSIONS='"tests/fuzz/regressions/$*"' $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libjunheng.a $(LDLIBS)

# libFuzzer (clang) on each target for FUZZ_SECONDS, seeded with the saved
# inputs; a crash leaves its input in build-fuzz/crashes/TARGET/ and fails:
# copy it into tests/fuzz/regressions/TARGET/ once fixed.
fuzz: deps $(BUILD)/lexer.c
	@mkdir -p build-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    -iquote engine -iquote tests/fuzz -I$(BUILD) -I/usr/include/lua5.4 -o build-fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c $(ENGINE_SRC) $(BUILD)/lexer.c $(LDLIBS) || exit 1; \
	  mkdir -p build-fuzz/corpus/$$t build-fuzz/crashes/$$t; \
	  cp tests/fuzz/regressions/$$t/* build-fuzz/corpus/$$t/ 2>/dev/null; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/crashes/$$t/ build-fuzz/corpus/$$t 2>&1 | grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|==.*ERROR|SUMMARY)" ; \
	  if [ -n "$$(ls build-fuzz/crashes/$$t)" ]; then echo "fuzz_$$t: crash inputs in build-fuzz/crashes/$$t"; exit 1; fi; \
	done

# Every cmocka suite and fuzz regression, then the end-to-end golden tests of the CLI.
test: deps all $(TEST_BIN)
	@tests/run.sh $(BUILD)/junheng $(TEST_BIN)

# Rewrites the golden files from the current build; review them with git diff.
golden-update: all
	@tests/golden/run.sh $(BUILD)/junheng --update

# Regenerates what the docs take from the rule set (the data dictionary).
docs: all
	$(BUILD)/junheng fields --format markdown > docs/数据字典.md

demo: deps all
	@echo "== junheng eval $(SAMPLE)"
	@$(BUILD)/junheng eval $(SAMPLE)
	@echo
	@echo "== junheng explain $(SAMPLE) --school 4302030002 --indicator I4"
	@$(BUILD)/junheng explain $(SAMPLE) --school 4302030002 --indicator I4
	@echo
	@$(BUILD)/junheng eval $(SAMPLE) --format xlsx -o $(BUILD)/评估结果.xlsx
	@echo "== Excel 工作簿（汇总、学校明细、差异系数、例外认定台账、整改清单）：$(BUILD)/评估结果.xlsx"
	@$(BUILD)/junheng eval $(SAMPLE) --format html -o $(BUILD)/评估报告.html
	@echo "== 网页报告（可打印，不需联网）：$(BUILD)/评估报告.html"

bench: deps all $(BUILD)/bench/gen_dataset $(BUILD)/bench/baseline
	@tests/bench/run.sh $(BUILD)

# Peak memory of inputs at each size cap against the multiple limits.h states.
bench-memory: deps all
	@tests/bench/memory.sh $(BUILD)

# Standalone benchmark tools (see tests/bench/README.md); they do not link the engine.
$(BUILD)/bench/gen_dataset: tests/bench/gen_dataset.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< -lm

$(BUILD)/bench/baseline: tests/bench/baseline.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< -lcjson -lm

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/junheng/rules
	install -m 755 $(BUILD)/junheng $(DESTDIR)$(PREFIX)/bin/junheng
	cp -R rules/. $(DESTDIR)$(PREFIX)/share/junheng/rules/

clean:
	rm -rf $(BUILD) build-asan build-fuzz

-include $(wildcard $(BUILD)/obj/*.d)
