# baodao - build, test, demo, install.
#
#   make            build ./baodao (installs missing Debian packages first)
#   make check      every test; ends with "N passed, N failed"
#   make demo       the main job on the bundled sample region
#   make man        write baodao(1)'s import column table from core/records/record.c
#   make region     regenerate data/region with tools/gen-region.c
#   make bench      time import and evaluate on a synthetic region
#                   (BENCH_MEMBERS=100000; a benchmark, not a test)
#   make install    PREFIX=/usr/local DESTDIR=
#   SANITIZE=1      build with AddressSanitizer and UBSan (into obj-san/)
#   make fuzz       build the libFuzzer targets of tests/fuzz/ with clang
#                   (into obj-fuzz/; installs clang first), run each for
#                   FUZZ_SECONDS (default 60) on its corpus, then replay
#                   its regression inputs; FUZZ_TARGETS picks some

PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
LIBDIR   = $(PREFIX)/lib/baodao
DATADIR  = $(PREFIX)/share/baodao
MANDIR   = $(PREFIX)/share/man
SYSCONFDIR ?= /etc

CORE_PKGS = lua5.4 sqlite3 libpcre2-8 libconfuse libsodium
PKGS     = $(CORE_PKGS)
DEBS     = pkg-config liblua5.4-dev libsqlite3-dev libpcre2-dev libconfuse-dev libsodium-dev

# Plugins: plugins/NAME/ holds NAME's C files and a plugin.mk that sets
# NAME_PKGS (pkg-config names) and NAME_DEBS (the Debian packages giving
# them); each builds into $(BUILD)/plugins/NAME.so.
PLUGINS  = $(notdir $(patsubst %/,%,$(dir $(wildcard plugins/*/plugin.mk))))
include $(wildcard plugins/*/plugin.mk)
PKGS    += $(foreach p,$(PLUGINS),$($(p)_PKGS))
PLUGIN_SO = $(PLUGINS:%=$(BUILD)/plugins/%.so)
DEBS    += $(foreach p,$(PLUGINS),$($(p)_DEBS))
# Test tools as COMMAND or COMMAND:PACKAGE (LibreOffice writes the
# workbooks t_xlsx_import.sh imports; python3 builds the others).
TESTDEBS = sqlite3 valgrind chromium python3 soffice:libreoffice-calc-nogui

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
STD      = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L

ifeq ($(FUZZ),1)
BUILD    = obj-fuzz
CC       = clang
SAN      = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
           -fno-omit-frame-pointer
WARN    += -Wno-missing-field-initializers -Wno-format-nonliteral
BIN      = $(BUILD)/baodao
BUILD_TAG = fuzz
else ifeq ($(SANITIZE),1)
BUILD    = obj-san
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
BIN      = $(BUILD)/baodao
BUILD_TAG = asan+ubsan
else
BUILD    = obj
SAN      =
BIN      = baodao
BUILD_TAG = plain
endif
PLUGIN_SO = $(PLUGINS:%=$(BUILD)/plugins/%.so)

# The program links the core's libraries; each plugin links its own.
PKG_CFLAGS := $(shell pkg-config --cflags $(CORE_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(CORE_PKGS) 2>/dev/null)

ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(SAN) $(addprefix -I,$(MODDIRS)) -I$(BUILD) $(PKG_CFLAGS) \
             -DBAODAO_DATADIR='"$(DATADIR)"' -DBAODAO_SYSCONFDIR='"$(SYSCONFDIR)"' \
             -DBAODAO_LIBDIR='"$(LIBDIR)"' -DBAODAO_BUILD='"$(BUILD_TAG)"'
LDLIBS     = $(PKG_LIBS) -lpthread -lm

# core/ is one folder per layer (doc/ARCHITECTURE.md): the library in
# util/ storage/ records/ lua/ packs/ eval/ output/, and the command layer
# above it in cli/ (main.c included).  The unit tests link the library
# alone.  Headers are included by name: every folder is on the include path.
MODDIRS   = $(sort $(dir $(wildcard core/*/*.h)))
CORE_SRC  = $(filter-out core/cli/%,$(wildcard core/*/*.c))
CORE_OBJ  = $(patsubst core/%.c,$(BUILD)/%.o,$(CORE_SRC)) $(BUILD)/schema_sql.o
CLI_SRC   = $(filter-out core/cli/main.c,$(wildcard core/cli/*.c))
CLI_OBJ   = $(patsubst core/%.c,$(BUILD)/%.o,$(CLI_SRC))
HEADERS   = $(wildcard core/*/*.h)
UNIT_SRC  = $(wildcard tests/unit/t_*.c)
UNIT_OBJ  = $(patsubst tests/unit/%.c,$(BUILD)/unit/%.o,$(UNIT_SRC) tests/unit/harness.c) \
            $(BUILD)/unit/unit_main.o
SCHEMA    = $(sort $(wildcard schema/*.sql))

# The bundled sample region is the generator's output for these arguments.
REGION_ARGS = --seed 20240101 --members 320 --year 2024
BENCH_MEMBERS ?= 100000

.PHONY: all deps check-deps fuzz-deps build check unit fuzz fuzz-targets demo man install \
        uninstall clean FORCE gen region region-check bench

all: deps
	@$(MAKE) --no-print-directory build

build: $(BIN) $(PLUGIN_SO)

deps:
	@missing=""; \
	for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || missing=1; done; \
	command -v pkg-config >/dev/null 2>&1 || missing=1; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing: $(DEBS)"; \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS) >/dev/null; \
	  else \
	    echo "missing build dependencies; run:"; \
	    echo "  sudo apt-get install $(DEBS)"; exit 3; \
	  fi; \
	fi

# The tests also drive the sqlite3 shell, valgrind, headless Chromium
# (t_html.sh renders every html page baodao writes), python3 and LibreOffice.
check-deps:
	@missing=""; \
	for t in $(TESTDEBS); do command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing test tools; run:"; echo "  sudo apt-get install$$missing"; exit 3; \
	  fi; \
	fi

$(BIN): $(BUILD)/cli/main.o $(CLI_OBJ) $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) -ldl

# A plugin links its own libraries and nothing of baodao (plugin_api.h).
.SECONDEXPANSION:
$(BUILD)/plugins/%.so: $$(wildcard plugins/%/*.c) $$(wildcard plugins/%/*.h) $(HEADERS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -shared -Iplugins/$* $(if $($*_PKGS),$(shell pkg-config --cflags $($*_PKGS))) \
	  -o $@ $(filter %.c,$^) $(if $($*_PKGS),$(shell pkg-config --libs $($*_PKGS)))

# The install paths are compiled into config.o: rebuild it when they change.
$(BUILD)/paths: FORCE | $(BUILD)
	@echo '$(DATADIR) $(SYSCONFDIR) $(LIBDIR)' | cmp -s - $@ || echo '$(DATADIR) $(SYSCONFDIR) $(LIBDIR)' > $@
$(BUILD)/util/config.o: $(BUILD)/paths
FORCE:

$(BUILD)/%.o: core/%.c $(HEADERS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/schema_sql.c: $(SCHEMA) tools/embed-schema.sh | $(BUILD)
	sh tools/embed-schema.sh $(SCHEMA) > $@.tmp && mv $@.tmp $@

$(BUILD)/schema_sql.o: $(BUILD)/schema_sql.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD)/unit

$(BUILD)/unit/%.o: tests/unit/%.c tests/unit/test.h $(HEADERS) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

$(BUILD)/unit/unit_main.c: $(UNIT_SRC) | $(BUILD)
	sh tools/unit-main.sh $(UNIT_SRC) > $@.tmp && mv $@.tmp $@

$(BUILD)/unit/unit_main.o: $(BUILD)/unit/unit_main.c
	$(CC) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

$(BUILD)/unit-tests: $(UNIT_OBJ) $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# The fuzz targets (tests/fuzz/fuzz_*.c) link the core library alone.
# With FUZZ=1 (clang) each is a libFuzzer binary; otherwise (gcc, and
# ASan under SANITIZE=1) replay.c is their main() and feeds them files:
# `make check` replays every seed and regression input that way.
FUZZ_ALL     = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 60
FUZZ_DEPS    = tests/fuzz/fuzz.h
.PRECIOUS: $(BUILD)/fuzz/%.o $(BUILD)/fuzz/plugin/%.o

$(BUILD)/fuzz/%.o: tests/fuzz/%.c $(FUZZ_DEPS) $(HEADERS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -Iplugins/xlsx -c -o $@ $<

# A target may link a plugin's sources too: FUZZ_LINK_target names them
# (fuzz_xlsx.c the xlsx reader) and FUZZ_LIBS_target the libraries they need.
FUZZ_LINK_xlsx = $(BUILD)/fuzz/plugin/xlsx_read.o
FUZZ_LIBS_xlsx = $(shell pkg-config --libs $(xlsx_PKGS) 2>/dev/null)

$(BUILD)/fuzz/plugin/%.o: plugins/xlsx/%.c $(wildcard plugins/xlsx/*.h) $(HEADERS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iplugins/xlsx -c -o $@ $<

ifeq ($(FUZZ),1)
$(BUILD)/fuzz/fuzz-%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/fuzz.o $$(FUZZ_LINK_$$*) $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS) $(FUZZ_LIBS_$*)
else
$(BUILD)/fuzz/replay-%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/fuzz.o $(BUILD)/fuzz/replay.o \
    $$(FUZZ_LINK_$$*) $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(FUZZ_LIBS_$*)
endif

fuzz-targets: $(addprefix $(BUILD)/fuzz/fuzz-,$(FUZZ_TARGETS))

# Each target runs on a copy of its seed corpus (new inputs it finds are
# kept in obj-fuzz/corpus/, not in the tree), with tests/fuzz/TARGET.dict
# as its dictionary when there is one, then replays
# tests/fuzz/regress/TARGET/.  A crash, leak or hang stops make; libFuzzer
# writes the input to obj-fuzz/TARGET-crash-* (keep it under regress/ once
# fixed).
fuzz: deps fuzz-deps
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-targets
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p obj-fuzz/corpus/$$t && cp tests/fuzz/corpus/$$t/* obj-fuzz/corpus/$$t/ && \
	  echo "fuzz $$t: $(FUZZ_SECONDS) s" && \
	  dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	  obj-fuzz/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 $$dict \
	    -max_len=65536 -artifact_prefix=obj-fuzz/$$t- -print_final_stats=1 \
	    obj-fuzz/corpus/$$t 2>obj-fuzz/$$t.log || \
	    { tail -n 60 obj-fuzz/$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units' obj-fuzz/$$t.log; \
	  if [ -d tests/fuzz/regress/$$t ]; then \
	    obj-fuzz/fuzz/fuzz-$$t -runs=0 tests/fuzz/regress/$$t/* 2>obj-fuzz/$$t-regress.log || \
	      { tail -n 60 obj-fuzz/$$t-regress.log; exit 1; }; \
	    echo "regress $$t: $$(ls tests/fuzz/regress/$$t | wc -l) inputs replayed"; fi; \
	done

# clang for `make fuzz`, and libFuzzer: Debian ships it in
# libclang-rt-N-dev, which clang-N only recommends, so a probe link
# decides whether it is there.
FUZZ_PROBE = printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }\n' | \
	clang -fsanitize=fuzzer -x c - -o /dev/null >/dev/null 2>&1

fuzz-deps:
	@if ! $(FUZZ_PROBE); then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing: clang"; \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >/dev/null; \
	    v=$$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1); \
	    $(FUZZ_PROBE) || { echo "installing: libclang-rt-$$v-dev"; \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libclang-rt-$$v-dev >/dev/null; }; \
	  else \
	    echo "clang with libFuzzer is missing; run:"; \
	    echo "  sudo apt-get install clang libclang-rt-N-dev (N: clang's version)"; exit 3; \
	  fi; \
	fi

# doc/baodao.1's table of import columns is written from core/records/record.c;
# the unit tests fail while the page and the table differ.
man: $(BUILD)/record-man
	$(BUILD)/record-man doc/baodao.1

$(BUILD)/record-man: tools/record-man.c $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)
# The synthetic region generator (plain C, no library).
$(BUILD)/gen-region: tools/gen-region.c | $(BUILD)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(SAN) -o $@ tools/gen-region.c

gen: $(BUILD)/gen-region

region: $(BUILD)/gen-region
	$(BUILD)/gen-region $(REGION_ARGS) --out data/region

# data/region must be exactly what the generator makes of REGION_ARGS.
region-check: $(BUILD)/gen-region
	@rm -rf $(BUILD)/region-check
	@$(BUILD)/gen-region $(REGION_ARGS) --out $(BUILD)/region-check
	@diff -r data/region $(BUILD)/region-check >/dev/null || \
	  { echo "data/region differs from the generator's output: run make region"; exit 1; }
	@rm -rf $(BUILD)/region-check
	@echo "region: data/region is the generator's output"

# A benchmark, never a test: see README, Performance.
bench: deps
	@$(MAKE) --no-print-directory build obj/gen-region
	@BENCH_MEMBERS=$(BENCH_MEMBERS) sh tools/bench/bench.sh

unit: $(BUILD)/unit-tests
	cd tests/unit && ../../$(BUILD)/unit-tests

# The README's test command.  tests/run.sh runs the unit tests (plain and
# under ASan/UBSan), the CLI end-to-end tests, the sandbox escape tests and
# a valgrind leak check, and prints the closing "N passed, N failed".
check: deps check-deps
	@$(MAKE) --no-print-directory build obj/unit-tests
	@$(MAKE) --no-print-directory SANITIZE=1 obj-san/unit-tests obj-san/baodao \
	    $(addprefix obj-san/fuzz/replay-,$(FUZZ_ALL))
	@$(MAKE) --no-print-directory region-check
	@sh tests/run.sh

demo: all
	@sh tests/demo.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(MANDIR)/zh_CN/man7
	install -m 0755 baodao $(DESTDIR)$(BINDIR)/baodao
	install -d $(DESTDIR)$(LIBDIR)/plugins $(DESTDIR)$(PREFIX)/include/baodao
	for p in $(PLUGINS); do install -m 0755 obj/plugins/$$p.so $(DESTDIR)$(LIBDIR)/plugins/; done
	install -m 0644 core/io/plugin_api.h core/io/emit.h core/util/util.h \
	    $(DESTDIR)$(PREFIX)/include/baodao/
	cp -R rules/. $(DESTDIR)$(DATADIR)/rules/
	install -m 0644 doc/baodao.1 $(DESTDIR)$(MANDIR)/man1/baodao.1
	install -m 0644 doc/baodao.conf.5 $(DESTDIR)$(MANDIR)/man5/baodao.conf.5
	install -m 0644 doc/baodao-rules.7 $(DESTDIR)$(MANDIR)/man7/baodao-rules.7
	install -m 0644 doc/zh/baodao-rules.7 $(DESTDIR)$(MANDIR)/zh_CN/man7/baodao-rules.7

# Removes what install put there, and leaves packs an administrator added.
uninstall:
	for p in $(PLUGINS); do rm -f $(DESTDIR)$(LIBDIR)/plugins/$$p.so; done
	rm -f $(DESTDIR)$(PREFIX)/include/baodao/plugin_api.h $(DESTDIR)$(PREFIX)/include/baodao/emit.h \
	    $(DESTDIR)$(PREFIX)/include/baodao/util.h
	-rmdir $(DESTDIR)$(LIBDIR)/plugins $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PREFIX)/include/baodao 2>/dev/null
	rm -f $(DESTDIR)$(BINDIR)/baodao $(DESTDIR)$(MANDIR)/man1/baodao.1 \
	    $(DESTDIR)$(MANDIR)/man5/baodao.conf.5 $(DESTDIR)$(MANDIR)/man7/baodao-rules.7 \
	    $(DESTDIR)$(MANDIR)/zh_CN/man7/baodao-rules.7
	for p in $(notdir $(wildcard rules/*)); do rm -rf $(DESTDIR)$(DATADIR)/rules/$$p; done
	-rmdir $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf obj obj-san obj-fuzz baodao
