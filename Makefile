# kaiji: make run (the local stack) and make check (every test).
# A plain Makefile: build/ for the normal build, build-san/ for the
# AddressSanitizer + UndefinedBehaviorSanitizer build (make SAN=1).

SAN ?= 0
ifeq ($(SAN),1)
BUILD ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
OPT = -O1 -g
else
BUILD ?= build
SANFLAGS =
OPT = -O2 -g -D_FORTIFY_SOURCE=2
endif

CC ?= cc
# libpq's header (Debian's libpq-dev): lib/db-pg.c, the PostgreSQL engine,
# loads libpq.so.5 itself when a site names a PostgreSQL database. libcurl
# is not linked either: lib/libcurl.c loads libcurl.so.4 on a program's
# first call out (its header, from libcurl4-openssl-dev, is all the build
# takes).
PQ_CFLAGS := $(shell pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
CFLAGS = -std=c11 -D_GNU_SOURCE $(OPT) -Wall -Wextra -Wformat=2 -Wshadow \
         -Werror -fstack-protector-strong -I/usr/include/ClearSilver -Ilib \
         -Itools $(PQ_CFLAGS) $(SANFLAGS)
LDFLAGS = $(SANFLAGS)
LIBS = -lfcgi -lsqlite3 -lneo_cs -lneo_utl -lz -lsodium -ljansson \
       -lutf8proc -lcsv -lcrypto -lm

PROGRAMS = request status pay feedback register desk
LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CMD_SRC = $(wildcard tools/cmd-*.c)
CMD_OBJ = $(CMD_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC = $(wildcard tests/unit/test-*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz-*.c)
FUZZ_NAMES = $(FUZZ_SRC:tests/fuzz/fuzz-%.c=%)
REPLAY_BIN = $(if $(wildcard tests/fuzz/replay.c),$(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/replay-%))
BIN = $(PROGRAMS:%=$(BUILD)/bin/%) $(BUILD)/bin/kaijictl

.PHONY: all deps run check check-build check-postgresql lint fuzz fuzz-build bench clean install screenshots

all: $(BIN) $(UNIT_BIN) $(REPLAY_BIN)

$(BUILD)/obj/%.o: %.c $(wildcard lib/*.h tools/*.h cgi-bin/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libkaiji.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libkaijicmd.a: $(CMD_OBJ)
	@rm -f $@
	ar rcs $@ $^

# A program is cgi-bin/NAME.c and its pages cgi-bin/NAME-*.c.
define program_rule
$(BUILD)/bin/$(1): $(patsubst %.c,$(BUILD)/obj/%.o,cgi-bin/$(1).c $(wildcard cgi-bin/$(1)-*.c)) $(BUILD)/libkaiji.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) $(BUILD)/libkaiji.a $$(LIBS)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rule,$(p))))

$(BUILD)/bin/kaijictl: $(BUILD)/obj/tools/kaijictl.o $(BUILD)/libkaijicmd.a $(BUILD)/libkaiji.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libkaijicmd.a $(BUILD)/libkaiji.a $(LIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c tests/unit/tap.h $(BUILD)/libkaijicmd.a $(BUILD)/libkaiji.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/libkaijicmd.a $(BUILD)/libkaiji.a $(LIBS)

$(BUILD)/tests/fuzz/replay-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c $(BUILD)/libkaiji.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libkaiji.a $(LIBS)

deps:
	tools/install-deps

run: deps
	$(MAKE) all
	KAIJI_PAY_EMULATOR=1 tools/stack run

# The three trees are built with one job per core (make check's budget).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

check-build: deps
	$(MAKE) -j$(JOBS) all
	$(MAKE) -j$(JOBS) SAN=1 all
	$(MAKE) -j$(JOBS) fuzz-build

check: check-build
	tests/run

# The unit tests and every integration file on PostgreSQL, the files make
# check runs on SQLite only included (tests/integration/engines: pg-full).
check-postgresql: deps
	$(MAKE) -j$(JOBS) all
	KAIJI_PG_ALL=1 SKIP_INTEGRATION=1 SKIP_SAN=1 SKIP_FUZZ=1 SKIP_BROWSER=1 \
	  SKIP_APACHE=1 SKIP_INSTALL=1 SKIP_DAYS=1 tests/run

# libFuzzer: the library built once with clang's fuzzer instrumentation,
# one binary per harness in build-fuzz/. tests/run runs each for a few
# seconds (FUZZ_CHECK_SECONDS); make fuzz runs each for FUZZ_SECONDS.
FUZZ_BUILD = build-fuzz
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -I/usr/include/ClearSilver -Ilib -Itools $(PQ_CFLAGS) \
              -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJ = $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BIN = $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz-%)

$(FUZZ_BUILD)/obj/%.o: %.c $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/libkaiji.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_BUILD)/libkaiji.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libkaiji.a $(LIBS)

fuzz-build: $(FUZZ_BIN)

FUZZ_SECONDS ?= 60
fuzz: deps
	$(MAKE) fuzz-build
	@for n in $(FUZZ_NAMES); do \
	  mkdir -p $(FUZZ_BUILD)/corpus-$$n; \
	  $(FUZZ_BUILD)/fuzz-$$n -max_total_time=$(FUZZ_SECONDS) \
	    $$(test -f tests/fuzz/$$n.dict && echo -dict=tests/fuzz/$$n.dict) \
	    $(FUZZ_BUILD)/corpus-$$n tests/fuzz/corpus/$$n || exit 1; \
	done

bench: deps
	$(MAKE) all
	bench/run

# docs/screenshots/*.png from a demo stack of their own (not make check).
screenshots: deps
	$(MAKE) all
	node tests/browser/screenshots.mjs

install: $(BIN)
	tools/install-files "$(DESTDIR)" "$(PREFIX)"

clean:
	rm -rf build build-san build-fuzz
