# derma: Unix tools for microneedling clinics.  See README.md.
.SUFFIXES:

VERSION    = 0.1.0
PREFIX     = /usr/local
BINDIR     = $(PREFIX)/bin
DATADIR    = $(PREFIX)/share/derma
MANDIR     = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d

CC      = cc
# -O3 and link-time optimisation: 4% off derma-screen -f json, 1% off YAML
# (make bench).  Fat objects still link where the linker has no LTO plugin.
CFLAGS  = -O3 -g -flto=auto -ffat-lto-objects
PKG_CONFIG = pkg-config
# Evaluated when used, so the flags are read after .ci/install-deps ran.
YAML_CFLAGS   = `$(PKG_CONFIG) --cflags yaml-0.1`
YAML_LIBS     = `$(PKG_CONFIG) --libs yaml-0.1`
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
	-Ilib -DDERMA_VERSION='"$(VERSION)"' $(SAN_FLAGS) $(YAML_CFLAGS) $(CFLAGS)
# Only datadir.o has the installed rules directory compiled in.
DATADIR_CFLAGS = -DDERMA_DATADIR='"$(DATADIR)"'
DERMA_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)
DERMA_LIBS = $(YAML_LIBS) -lpthread

LIB_SRC = lib/arena.c lib/buf.c lib/date.c lib/diag.c lib/node.c lib/split.c \
	lib/parse.c lib/emit.c lib/value.c lib/vocab.c lib/patient.c \
	lib/rules.c lib/screen.c lib/filter.c lib/datadir.c
LIB_OBJ = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
LIB_HDR = $(LIB_SRC:.c=.h)
TOOLS = derma-screen
BINS = $(TOOLS:%=$(B)/bin/%)
UNIT_TESTS = test_date test_value test_parse test_emit test_split \
	test_vocab test_patient test_screen test_filter
UNIT_BINS = $(UNIT_TESTS:%=$(B)/tests/%)

all: bin

bin: $(BINS)
	@mkdir -p $(LOCALBIN)
	@for t in $(TOOLS); do cp -f $(B)/bin/$$t $(LOCALBIN)/$$t; done

$(B)/.deps:
	@sh .ci/install-deps
	@mkdir -p $(B)/lib $(B)/bin $(B)/tests && touch $@

# The flags things were built with, in files that change when the flags
# do: a change of CC, CFLAGS, LDFLAGS or VERSION builds everything again,
# one of PREFIX or DATADIR datadir.o.
$(B)/flags: STAMP = $(CC) $(DERMA_CFLAGS) $(DERMA_LDFLAGS) $(DERMA_LIBS)
$(B)/datadir.flags: STAMP = $(CC) $(DATADIR_CFLAGS)
$(B)/flags $(B)/datadir.flags: FORCE | $(B)/.deps
	@printf '%s\n' '$(subst ','\'',$(STAMP))' >$@.new; \
	if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

$(B)/lib/%.o: lib/%.c $(LIB_HDR) $(B)/flags | $(B)/.deps
	$(CC) $(DERMA_CFLAGS) -c -o $@ $<

$(B)/lib/datadir.o: lib/datadir.c $(LIB_HDR) $(B)/flags $(B)/datadir.flags | $(B)/.deps
	$(CC) $(DERMA_CFLAGS) $(DATADIR_CFLAGS) -c -o $@ lib/datadir.c

$(B)/libderma.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $(LIB_OBJ)

$(B)/bin/%: cmd/%.c $(B)/libderma.a $(LIB_HDR) $(B)/flags
	$(CC) $(DERMA_CFLAGS) $(DERMA_LDFLAGS) -o $@ $< $(B)/libderma.a $(DERMA_LIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/unit.h $(B)/libderma.a $(LIB_HDR) $(B)/flags
	$(CC) $(DERMA_CFLAGS) $(CMOCKA_CFLAGS) -DDERMA_SRCDIR='"'"`pwd`"'"' $(DERMA_LDFLAGS) \
		-o $@ $< $(B)/libderma.a $(DERMA_LIBS) $(CMOCKA_LIBS)

$(B)/bench/%: tests/bench/%.c $(B)/flags | $(B)/.deps
	@mkdir -p $(B)/bench
	$(CC) $(DERMA_CFLAGS) $(DERMA_LDFLAGS) -o $@ $< $(YAML_LIBS)

BENCH_BINS = $(B)/bench/gen $(B)/bench/floor-parse $(B)/bench/floor-emit \
	$(B)/bench/floor-json

# Not a test and not part of CI: figures for the closing note.
bench: bin $(BENCH_BINS)
	@sh .ci/install-deps --bench
	@sh tests/bench/run.sh $(B) ./bin $(BENCH_COUNTS)

demo: bin
	./bin/derma-screen -f text -d 2026-11-25 share/derma/examples/*.yaml; \
	s=$$?; [ $$s -le 1 ] || exit $$s

check: bin $(UNIT_BINS)
	@echo "== unit tests"
	@fail=0; for t in $(UNIT_BINS); do $$t || fail=1; done; [ $$fail -eq 0 ]
	@echo "== command tests"
	@sh tests/cmd/run.sh ./$(LOCALBIN)
	@echo "== man pages"
	@mandoc -Tlint -Wwarning man/*.[157]
	@echo "== shell"
	@shellcheck -s bash completions/derma-screen.bash
	@shellcheck -s sh -x .ci/install-deps .ci/run tests/cmd/*.sh tests/bench/*.sh

install: bin
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/examples \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	for t in $(TOOLS); do cp -f $(LOCALBIN)/$$t $(DESTDIR)$(BINDIR)/$$t; done
	cp -f share/derma/*.yaml share/derma/CLINICAL.md $(DESTDIR)$(DATADIR)/
	cp -f share/derma/examples/*.yaml $(DESTDIR)$(DATADIR)/examples/
	cp -f man/*.1 $(DESTDIR)$(MANDIR)/man1/
	cp -f man/*.5 $(DESTDIR)$(MANDIR)/man5/
	cp -f man/*.7 $(DESTDIR)$(MANDIR)/man7/
	for t in $(TOOLS); do \
		cp -f completions/$$t.bash $(DESTDIR)$(BASHCOMPDIR)/$$t; \
		cp -f completions/_$$t $(DESTDIR)$(ZSHCOMPDIR)/_$$t; \
		cp -f completions/$$t.fish $(DESTDIR)$(FISHCOMPDIR)/$$t.fish; \
	done

uninstall:
	for t in $(TOOLS); do \
		rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(MANDIR)/man1/$$t.1 \
		$(DESTDIR)$(BASHCOMPDIR)/$$t $(DESTDIR)$(ZSHCOMPDIR)/_$$t \
		$(DESTDIR)$(FISHCOMPDIR)/$$t.fish; done
	rm -f $(DESTDIR)$(MANDIR)/man5/derma.5 $(DESTDIR)$(MANDIR)/man7/derma.7
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san bin bin-san

FORCE:

.PHONY: all bin bench demo check install uninstall clean FORCE
