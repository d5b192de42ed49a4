# derma: Unix tools for microneedling clinics.  See README.md.
.SUFFIXES:

VERSION    = 0.1.0
PREFIX     = /usr/local
BINDIR     = $(PREFIX)/bin
DATADIR    = $(PREFIX)/share/derma
MANDIR     = $(PREFIX)/share/man
# Where the tools look for derma/config.yaml after the user's own.
SYSCONFDIR = /etc
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d

CC      = cc
CFLAGS  = -O3 -g
# Link-time optimisation with gcc: 4% off derma-screen -f json, 1% off
# YAML (make bench).  Fat objects still link where the linker has no LTO
# plugin; clang takes neither flag as gcc does, so it builds without.
LTO_FLAGS = $(if $(findstring clang,$(shell $(CC) --version 2>/dev/null)),,-flto=auto -ffat-lto-objects)
PKG_CONFIG = pkg-config
# Evaluated when used, so the flags are read after a `make deps`; without
# pkg-config, libyaml is looked for where the compiler looks.
YAML_CFLAGS   = `$(PKG_CONFIG) --cflags yaml-0.1 2>/dev/null`
YAML_LIBS     = `$(PKG_CONFIG) --libs yaml-0.1 2>/dev/null || echo -lyaml`
# libsodium: the keyed hash of derma-report --anonymize's pseudonyms.
SODIUM_CFLAGS = `$(PKG_CONFIG) --cflags libsodium 2>/dev/null`
SODIUM_LIBS   = `$(PKG_CONFIG) --libs libsodium 2>/dev/null || echo -lsodium`
CMOCKA_CFLAGS = `$(PKG_CONFIG) --cflags cmocka`
CMOCKA_LIBS   = `$(PKG_CONFIG) --libs cmocka`

SANITIZE =
SAN_FLAGS_1 = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_FLAGS = $(SAN_FLAGS_$(SANITIZE))

B = build$(SANITIZE:1=-san)
# The tools to run in place; sanitized ones apart, so that bin/ (demo,
# bench) always holds the plain build.
LOCALBIN = bin$(SANITIZE:1=-san)
DERMA_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-Ilib -DDERMA_VERSION='"$(VERSION)"' \
	$(SAN_FLAGS) $(YAML_CFLAGS) $(SODIUM_CFLAGS) $(LTO_FLAGS) $(CFLAGS)
# Only datadir.o and config.o have the installed paths compiled in.
PATH_CFLAGS = -DDERMA_DATADIR='"$(DATADIR)"' -DDERMA_SYSCONFDIR='"$(SYSCONFDIR)"'
DERMA_LDFLAGS = $(SAN_FLAGS) $(LTO_FLAGS) $(LDFLAGS)
DERMA_LIBS = $(YAML_LIBS) $(SODIUM_LIBS) -lm -lpthread

# One a line, so that adding a module touches one line.
LIB_SRC = \
	lib/aftercare.c \
	lib/arena.c \
	lib/assess.c \
	lib/buf.c \
	lib/config.c \
	lib/data.c \
	lib/datadir.c \
	lib/date.c \
	lib/diag.c \
	lib/emit.c \
	lib/escape.c \
	lib/filter.c \
	lib/mime.c \
	lib/node.c \
	lib/parse.c \
	lib/patient.c \
	lib/plan.c \
	lib/progress.c \
	lib/pseudonym.c \
	lib/report.c \
	lib/rules.c \
	lib/screen.c \
	lib/send.c \
	lib/splice.c \
	lib/split.c \
	lib/state.c \
	lib/template.c \
	lib/value.c \
	lib/vocab.c \
	lib/ytext.c
LIB_OBJ = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
LIB_HDR = $(LIB_SRC:.c=.h)
TOOLS = derma-screen derma-plan derma-aftercare derma-report
BINS = $(TOOLS:%=$(B)/bin/%)
UNIT_TESTS = \
	test_aftercare \
	test_config \
	test_date \
	test_diag \
	test_emit \
	test_escape \
	test_filter \
	test_mime \
	test_parse \
	test_patient \
	test_plan \
	test_pseudonym \
	test_report \
	test_screen \
	test_split \
	test_state \
	test_template \
	test_value \
	test_vocab \
	test_ytext
UNIT_BINS = $(UNIT_TESTS:%=$(B)/tests/%)

all: bin

bin: $(BINS)
	@mkdir -p $(LOCALBIN)
	@for t in $(TOOLS); do cp -f $(B)/bin/$$t $(LOCALBIN)/$$t.new && \
		mv -f $(LOCALBIN)/$$t.new $(LOCALBIN)/$$t; done

# A plain build installs nothing: it needs a C compiler, libyaml and
# libsodium, and says so when one is missing.  `make deps` installs what is missing.
# The test programs are linked into the build directory, never to
# /dev/null: a compiler wrapper (scan-build's) that writes its output
# elsewhere and renames it over -o's file replaces /dev/null itself.
$(B)/.deps:
	@mkdir -p $(B)
	@printf '#include <yaml.h>\nint main(void) { return yaml_get_version_string() == 0; }\n' | \
	$(CC) $(YAML_CFLAGS) -x c -o $(B)/.deps-check - $(YAML_LIBS) 2>/dev/null || { \
	echo "derma needs libyaml and its headers (Debian: libyaml-dev);" \
	"'make deps' installs what the build and the tests need." >&2; exit 1; }
	@printf '#include <sodium.h>\nint main(void) { return sodium_init(); }\n' | \
	$(CC) $(SODIUM_CFLAGS) -x c -o $(B)/.deps-check - $(SODIUM_LIBS) 2>/dev/null || { \
	echo "derma needs libsodium and its headers (Debian: libsodium-dev)" \
	"for derma-report's pseudonyms; 'make deps' installs it." >&2; exit 1; }
	@rm -f $(B)/.deps-check
	@mkdir -p $(B)/lib $(B)/bin $(B)/tests && touch $@

# What the build, the tests and the demo need, installed when missing
# (apt-get): `make demo` and `make check` run it first.
deps:
	@sh .ci/install-deps

# The flags things were built with, in files that change when the flags
# do: a change of CC, CFLAGS, LDFLAGS or VERSION builds everything again,
# one of PREFIX, DATADIR or SYSCONFDIR datadir.o and config.o.
$(B)/flags: STAMP = $(CC) $(DERMA_CFLAGS) $(DERMA_LDFLAGS) $(DERMA_LIBS)
$(B)/paths.flags: STAMP = $(CC) $(PATH_CFLAGS)
$(B)/flags $(B)/paths.flags: FORCE | $(B)/.deps
	@printf '%s\n' '$(subst ','\'',$(STAMP))' >$@.new; \
	if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

$(B)/lib/%.o: lib/%.c $(LIB_HDR) $(B)/flags | $(B)/.deps
	$(CC) $(DERMA_CFLAGS) -c -o $@ $<

$(B)/lib/datadir.o $(B)/lib/config.o: $(B)/lib/%.o: lib/%.c $(LIB_HDR) $(B)/flags \
    $(B)/paths.flags | $(B)/.deps
	$(CC) $(DERMA_CFLAGS) $(PATH_CFLAGS) -c -o $@ $<

$(B)/libderma.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $(LIB_OBJ)

# The front end the tools share: it prints, so it is not in the library.
$(B)/cmd/front.o: cmd/front.c cmd/front.h $(LIB_HDR) $(B)/flags | $(B)/.deps
	@mkdir -p $(B)/cmd
	$(CC) $(DERMA_CFLAGS) -c -o $@ cmd/front.c

$(B)/bin/%: cmd/%.c cmd/front.h $(B)/cmd/front.o $(B)/libderma.a $(LIB_HDR) \
    $(B)/flags
	$(CC) $(DERMA_CFLAGS) $(DERMA_LDFLAGS) -o $@ $< $(B)/cmd/front.o \
		$(B)/libderma.a $(DERMA_LIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/unit.h $(B)/libderma.a $(LIB_HDR) $(B)/flags
	$(CC) $(DERMA_CFLAGS) $(CMOCKA_CFLAGS) -DDERMA_SRCDIR='"'"`pwd`"'"' $(DERMA_LDFLAGS) \
		-o $@ $< $(B)/libderma.a $(DERMA_LIBS) $(CMOCKA_LIBS)

$(B)/bench/%: tests/bench/%.c $(B)/flags | $(B)/.deps
	@mkdir -p $(B)/bench
	$(CC) $(DERMA_CFLAGS) $(DERMA_LDFLAGS) -o $@ $< $(YAML_LIBS)

# The reader is the library's own: it links it.
$(B)/bench/reader: tests/bench/reader.c $(B)/libderma.a $(LIB_HDR) $(B)/flags
	@mkdir -p $(B)/bench
	$(CC) $(DERMA_CFLAGS) $(DERMA_LDFLAGS) -o $@ $< $(B)/libderma.a $(DERMA_LIBS)

BENCH_BINS = $(B)/bench/gen $(B)/bench/floor-parse $(B)/bench/floor-emit \
	$(B)/bench/floor-json $(B)/bench/reader

# Not a test and not part of CI: figures for the closing note.
bench: bin $(BENCH_BINS)
	@sh .ci/install-deps --bench
	@sh tests/bench/run.sh $(B) ./bin $(BENCH_COUNTS)

# --- Fuzzing: make fuzz, make fuzz-regress (tests/fuzz/) -------------------
# libFuzzer targets, built with clang into build-fuzz/ with flags of their
# own (the library and the tools' code too), so that build/ is left alone.
# `make fuzz` replays tests/fuzz/regress/, then runs each target for
# FUZZ_SECONDS, two at a time; a crash, leak, timeout or OOM fails it, its
# input saved in tests/fuzz/regress/TARGET/.  `make fuzz-regress` only
# replays.  Chunks are cut at 512 bytes, so that small inputs make many.
FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_B = build-fuzz
FUZZ_TARGETS = split screen plan aftercare report jobs escape config
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-Ilib -Icmd -DDERMA_VERSION='"$(VERSION)"' -DFILTER_CHUNK_TARGET=512 \
	-DDERMA_SRCDIR='"'"`pwd`"'"' $(PATH_CFLAGS) -g -O1 \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer $(YAML_CFLAGS) $(SODIUM_CFLAGS)
FUZZ_OBJ = $(LIB_SRC:lib/%.c=$(FUZZ_B)/lib/%.o) $(FUZZ_B)/cmd/front.o
FUZZ_HARNESS = fuzz tool-screen tool-plan tool-aftercare tool-report
FUZZ_HARNESS_OBJ = $(FUZZ_HARNESS:%=$(FUZZ_B)/fuzz/%.o)
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%)
FUZZ_HDR = $(LIB_HDR) cmd/front.h tests/fuzz/fuzz.h tests/fuzz/fuzz-check.h

$(FUZZ_B)/flags: STAMP = $(FUZZ_CC) $(FUZZ_CFLAGS)
$(FUZZ_B)/flags: FORCE
	@mkdir -p $(FUZZ_B)/lib $(FUZZ_B)/cmd $(FUZZ_B)/fuzz
	@printf '%s\n' '$(subst ','\'',$(STAMP))' >$@.new; \
	if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

$(FUZZ_B)/lib/%.o: lib/%.c $(LIB_HDR) $(FUZZ_B)/flags
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_B)/cmd/front.o: cmd/front.c cmd/front.h $(LIB_HDR) $(FUZZ_B)/flags
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ cmd/front.c

$(FUZZ_B)/fuzz/tool-%.o: tests/fuzz/tool-%.c cmd/derma-%.c $(FUZZ_HDR) $(FUZZ_B)/flags
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

# The four tools' targets are one file, built once for each.
FUZZ_TOOLS = screen plan aftercare report
$(FUZZ_TOOLS:%=$(FUZZ_B)/fuzz/fuzz_%.o): $(FUZZ_B)/fuzz/fuzz_%.o: \
    tests/fuzz/fuzz_tool.c $(FUZZ_HDR) $(FUZZ_B)/flags
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -DFUZZ_TOOL=fuzz_$* \
		-c -o $@ tests/fuzz/fuzz_tool.c

$(FUZZ_B)/fuzz/%.o: tests/fuzz/%.c $(FUZZ_HDR) $(FUZZ_B)/flags
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_B)/libfuzz.a: $(FUZZ_HARNESS_OBJ) $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $(FUZZ_HARNESS_OBJ) $(FUZZ_OBJ)

$(FUZZ_B)/fuzz_%: $(FUZZ_B)/fuzz/fuzz_%.o $(FUZZ_B)/libfuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_B)/libfuzz.a \
		$(DERMA_LIBS)

# The objects stay: a target rebuilt does not rebuild them all.
.PRECIOUS: $(FUZZ_B)/fuzz/%.o

fuzz-build: $(FUZZ_BINS)

# The set-up first (clang, libFuzzer), then the build, as for demo.
fuzz fuzz-regress:
	@sh .ci/install-deps --fuzz
	@$(MAKE) --no-print-directory $@-run

fuzz-run: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_B) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-regress-run: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_B) 0 $(FUZZ_TARGETS)

# --- end of fuzzing ---------------------------------------------------------

# The set-up first, then the build: a sub-make reads the flags afresh.
demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: bin
	./bin/derma-screen -f text -d 2026-11-25 share/derma/examples/*.yaml; \
	s=$$?; [ $$s -le 1 ] || exit $$s

check: deps
	@$(MAKE) --no-print-directory check-run

# The tools and the unit tests only (CI's clang build): no command tests.
unit: deps
	@$(MAKE) --no-print-directory unit-run

unit-run: bin $(UNIT_BINS)
	@fail=; for t in $(UNIT_BINS); do $$t >/dev/null || fail="$$fail $${t##*/}"; done; \
	if [ -n "$$fail" ]; then echo "unit tests failed:$$fail" >&2; exit 1; fi; \
	echo "$(words $(UNIT_BINS)) unit test programs pass"

# Every part runs, whatever failed before it; the status says if one did.
# Under the sanitizers, a pointer to a dead stack frame is caught too.
check-run: bin $(UNIT_BINS) $(BENCH_BINS)
	@fail=; \
	ASAN_OPTIONS=$${ASAN_OPTIONS:-detect_stack_use_after_return=1}; \
	export ASAN_OPTIONS; \
	echo "== unit tests"; \
	for t in $(UNIT_BINS); do $$t || fail="$$fail $${t##*/}"; done; \
	echo "== command tests"; \
	sh tests/cmd/run.sh ./$(LOCALBIN) || fail="$$fail command-tests"; \
	echo "== bench programs"; \
	sh tests/bench/smoke.sh $(B) || fail="$$fail bench-programs"; \
	echo "== man pages"; \
	mandoc -Tlint -Wwarning man/*.[157] || fail="$$fail man-pages"; \
	echo "== shell"; \
	shellcheck -s bash completions/*.bash || fail="$$fail shellcheck"; \
	shellcheck -s sh -x .ci/install-deps .ci/run tests/cmd/*.sh \
		tests/bench/*.sh tests/fuzz/*.sh || fail="$$fail shellcheck"; \
	if [ -n "$$fail" ]; then echo "make check: failed:$$fail" >&2; exit 1; fi

install: bin
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/examples \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	for t in $(TOOLS); do cp -f $(LOCALBIN)/$$t $(DESTDIR)$(BINDIR)/$$t; done
	cp -f share/derma/*.yaml share/derma/CLINICAL.md $(DESTDIR)$(DATADIR)/
	cp -f share/derma/examples/*.yaml $(DESTDIR)$(DATADIR)/examples/
	for m in man/*.[157]; do \
		sed -e 's|/usr/local/share/derma|$(DATADIR)|g' \
		    -e 's|/usr/local/bin|$(BINDIR)|g' \
		    -e 's|/etc/derma|$(SYSCONFDIR)/derma|g' "$$m" \
		    >$(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}; \
	done
	for t in $(TOOLS); do \
		cp -f completions/derma.bash $(DESTDIR)$(BASHCOMPDIR)/$$t; \
		cp -f completions/_derma $(DESTDIR)$(ZSHCOMPDIR)/_$$t; \
		cp -f completions/derma.fish $(DESTDIR)$(FISHCOMPDIR)/$$t.fish; \
	done

uninstall:
	for t in $(TOOLS); do \
		rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(MANDIR)/man1/$$t.1 \
		$(DESTDIR)$(BASHCOMPDIR)/$$t $(DESTDIR)$(ZSHCOMPDIR)/_$$t \
		$(DESTDIR)$(FISHCOMPDIR)/$$t.fish; done
	rm -f $(DESTDIR)$(MANDIR)/man5/derma.5 $(DESTDIR)$(MANDIR)/man5/derma-config.5 \
		$(DESTDIR)$(MANDIR)/man7/derma.7
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-clang bin bin-san bin-clang build-fuzz

# --- coverage and static analysis (make coverage, make lint) -------------
# Kept together, apart from the rest, so that it merges with other work.

# make coverage: the whole of check-run built with gcc --coverage -O0 in
# build-cov/ and bin-cov/ (build/ and bin/ untouched), then line and branch
# coverage of lib/ and cmd/ by gcovr.  Fails when a test fails or when
# lib/ is below COV_LINE_MIN % of lines or COV_BRANCH_MIN % of branches.
# Branches are counted without those gcc marks unreachable and without
# exception paths (there are none in C); nothing else is left out.
# `make coverage SANITIZE=1` runs it under the sanitizers too (CI does:
# one run of the suite for both), in build-cov-san/ and bin-cov-san/.
COV_B = build-cov$(SANITIZE:1=-san)
COV_BIN = bin-cov$(SANITIZE:1=-san)
COV_LINE_MIN = 90
COV_BRANCH_MIN = 75
GCOVR = gcovr
GCOVR_FLAGS = --root . --object-directory $(COV_B) \
	--exclude-unreachable-branches --exclude-throw-branches

coverage: deps
	@sh .ci/install-deps --coverage
	@$(MAKE) --no-print-directory coverage-run

# The counters are atomic: derma-screen -j runs records in threads.
coverage-run:
	@if [ -d $(COV_B) ]; then find $(COV_B) -name "*.gcda" -delete; fi; mkdir -p $(COV_B)/html
	@st=0; $(MAKE) --no-print-directory check-run CC=gcc SANITIZE=$(SANITIZE) \
		B=$(COV_B) LOCALBIN=$(COV_BIN) LTO_FLAGS= \
		CFLAGS='-O0 -g --coverage -fprofile-update=atomic' \
		LDFLAGS=--coverage || st=1; \
	echo "== coverage of lib/ and cmd/"; \
	$(GCOVR) $(GCOVR_FLAGS) --filter 'lib/' --filter 'cmd/' \
		--json $(COV_B)/coverage.json --txt $(COV_B)/coverage.txt \
		--html-details $(COV_B)/html/index.html --print-summary || st=1; \
	echo "== coverage of lib/ (at least $(COV_LINE_MIN)% of lines, $(COV_BRANCH_MIN)% of branches)"; \
	$(GCOVR) --root . --add-tracefile $(COV_B)/coverage.json \
		--filter 'lib/' --txt /dev/null --print-summary \
		--fail-under-line $(COV_LINE_MIN) \
		--fail-under-branch $(COV_BRANCH_MIN) || st=1; \
	echo "coverage: per file in $(COV_B)/coverage.txt, $(COV_B)/html/index.html"; \
	exit $$st

clean: clean-cov

clean-cov:
	rm -rf build-cov bin-cov build-cov-san bin-cov-san

.PHONY: coverage coverage-run clean-cov

# make lint: cppcheck, clang-tidy and scan-build over lib/ and cmd/, with
# the flags the build has; any finding fails, and all three run whatever
# failed before.  clang-tidy and scan-build's build run a job a core
# (LINT_JOBS): CI's two cores halve the stage.  cppcheck's suppressions,
# each with its reason, are in .cppcheck-suppressions, clang-tidy's checks and why in
# .clang-tidy; a false positive of either in the code is marked where it
# is (cppcheck-suppress, NOLINT) with its reason.  scan-build builds
# everything again in build-scan/ with clang under the analyser, and
# leaves its HTML report of any bug in build-scan/report/.
LINT_B = build-lint
SCAN_B = build-scan
LINT_SRC = $(LIB_SRC) cmd/front.c $(TOOLS:%=cmd/%.c)
LINT_JOBS = `nproc 2>/dev/null || echo 2`
LINT_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Ilib \
	-DDERMA_VERSION='"$(VERSION)"' $(PATH_CFLAGS) $(YAML_CFLAGS) $(SODIUM_CFLAGS)
CPPCHECK = cppcheck
CPPCHECK_FLAGS = --error-exitcode=1 --enable=warning,style,performance,portability \
	--std=c11 --library=posix --inline-suppr \
	--suppressions-list=.cppcheck-suppressions --quiet --template=gcc \
	-D_POSIX_C_SOURCE=200809L -Ilib
CLANG_TIDY = clang-tidy
SCAN_BUILD = scan-build
SCAN_CC = clang

lint:
	@sh .ci/install-deps --lint
	@$(MAKE) --no-print-directory lint-run

lint-run: | $(B)/.deps
	@st=0; \
	echo "== cppcheck"; \
	$(CPPCHECK) $(CPPCHECK_FLAGS) -j $(LINT_JOBS) lib cmd || st=1; \
	echo "== clang-tidy"; \
	$(MAKE) --no-print-directory -j $(LINT_JOBS) lint-tidy || st=1; \
	echo "== scan-build"; \
	rm -rf $(SCAN_B); \
	$(SCAN_BUILD) --status-bugs --use-cc=$(SCAN_CC) -o $(SCAN_B)/report \
		$(MAKE) --no-print-directory -j $(LINT_JOBS) B=$(SCAN_B) LOCALBIN=$(SCAN_B)/bin \
		LTO_FLAGS= CFLAGS='-O0 -g' $(SCAN_B)/libderma.a \
		$(TOOLS:%=$(SCAN_B)/bin/%) || st=1; \
	if [ $$st -ne 0 ]; then echo "make lint: findings above" >&2; fi; \
	exit $$st

# One stamp a file, so that a second run checks only what changed; a
# file is checked again when a header or .clang-tidy changes.  clang-tidy's
# counts of what it left out ("N warnings generated") are shown only when
# it fails.
lint-tidy: $(LINT_SRC:%.c=$(LINT_B)/tidy/%.ok)

$(LINT_B)/tidy/%.ok: %.c $(LIB_HDR) cmd/front.h .clang-tidy
	@mkdir -p $(@D)
	@$(CLANG_TIDY) --quiet --warnings-as-errors='*' $< -- $(LINT_CFLAGS) \
		2>$@.err || { cat $@.err >&2; rm -f $@.err; exit 1; }
	@rm -f $@.err; touch $@

clean: clean-lint

clean-lint:
	rm -rf $(LINT_B) $(SCAN_B)

.PHONY: lint lint-run lint-tidy clean-lint

FORCE:

.PHONY: all bin bench deps demo demo-run check check-run unit unit-run install uninstall \
	clean FORCE fuzz fuzz-build fuzz-regress fuzz-run fuzz-regress-run

# --- valgrind and the large checks (issue 15) -------------------------------
# A plain build of its own (-O1 -g, no sanitizers, no LTO) in build-vg and
# bin-vg, then every command test with each tool run through valgrind
# (VALGRIND=1: see tests/cmd/run.sh); a leak or a memory error fails the
# check, naming the command.
VG_MAKEFLAGS = B=build-vg LOCALBIN=bin-vg SANITIZE= CFLAGS='-O1 -g' LTO_FLAGS=

check-valgrind: deps
	@sh .ci/install-deps --valgrind
	@$(MAKE) --no-print-directory $(VG_MAKEFLAGS) check-valgrind-run

# In two halves at once (valgrind uses one core a process; CI has two),
# each with its own scratch directory; VG_HALF is the first half's parts,
# the second runs all the others (so a new t-*.sh file is run too).  The
# stage takes as long as the slower half, and each half says how long its
# parts took ("(t-reader: 169 s)"): move a part when one half grows.
# On 2026-12-05: t-aftercare moved, halves of about 367 s and 325 s
# (they were 293 s and 399 s).
VG_HALF = +main +t-core +t-plan +t-screening +t-faults +t-verbatim +t-aftercare
check-valgrind-run: bin
	@command -v valgrind >/dev/null || { echo "make check-valgrind needs valgrind (Debian: valgrind)" >&2; exit 1; }
	@echo "== command tests under valgrind (two halves at once)"; \
	mkdir -p $(B); start=$$(date +%s); \
	VALGRIND=1 sh tests/cmd/run.sh ./$(LOCALBIN) $(VG_HALF) >$(B)/vg-1.log 2>&1 & p1=$$!; \
	VALGRIND=1 sh tests/cmd/run.sh ./$(LOCALBIN) $(subst +,-,$(VG_HALF)) >$(B)/vg-2.log 2>&1 & p2=$$!; \
	fail=; wait $$p1 || fail="$$fail first-half"; wait $$p2 || fail="$$fail second-half"; \
	cat $(B)/vg-1.log $(B)/vg-2.log; \
	echo "valgrind suite: $$(($$(date +%s) - start)) s"; \
	if [ -n "$$fail" ]; then echo "make check-valgrind: failed:$$fail" >&2; exit 1; fi

# The checks too long for make check: a 2 GiB stream through derma-screen
# in bounded memory (t-faults.sh F6, about 150 s here).
check-large: bin
	DERMA_LARGE=1 sh tests/cmd/run.sh ./$(LOCALBIN) +t-faults

clean: clean-valgrind
clean-valgrind:
	rm -rf build-vg bin-vg

.PHONY: check-valgrind check-valgrind-run check-large clean-valgrind
