# Makefile: the one entry point of svsmlab.
#
#   make          build ./svsmlab (explorer/main.c + build/libsvsmlab.a)
#   make deps     install the Debian packages the kit needs (scripts/deps.sh)
#   make demo     deps, build, then ./svsmlab demo
#   make test     deps, build, then every test stage, ending in "N passed, N failed"
#   make asan     deps, then only the unit tests under ASan+UBSan, with their own summary
#   make bench    build and run bench/*.c (they print their own table rows), then
#                 old and new side by side: the commit BENCH_BASE built beside
#                 this tree, the same work run on both (bench/versus.sh)
#   make mutate   build, then tests/mutate/run.sh: how many handler mutants verify catches
#   make fuzz     deps, then each libFuzzer harness for FUZZ_SECONDS (docs/fuzz.md)
#   make clean    remove build/ and ./svsmlab
#   make grade, make handout, make labs-check: the course labs (labs/README.md)
#   make qemu     the module and a guest on x86-64 under QEMU (docs/qemu.md);
#                 make qemu-gdb waits for gdb; make qemu-image only builds
#
# Sources are found by wildcard, so a new .c file in a known directory is
# built without touching this file. The counting of test results lives in
# tests/run.sh, not here. `make V=1` shows full compiler command lines.

CFLAGS  := -std=c11 -Wall -Wextra -Werror -O2 -g
# -I. lets sources write #include "svsm/hal.h"; relative includes work too.
CPPFLAGS := -I.
# Only hosted code (explorer, sim platform, main, tests, bench) sees POSIX;
# the module must not depend on it.
# SVSMLAB_SRCDIR lets diagnostics show module source lines from any directory.
HOSTED_CPPFLAGS := -D_POSIX_C_SOURCE=200809L -DSVSMLAB_SRCDIR=\"$(CURDIR)\"

# Libraries the hosted side links with, by pkg-config name. scripts/deps.sh
# installs them; tests/deps/covered.sh fails when one is not on its list.
PKGS := lua5.4 ncursesw z3
# Make reads this file, and so asks pkg-config, before any recipe runs: on a
# fresh machine, before deps.sh has installed anything. So these may be empty
# here; the goals that install (test, asan, demo) then build in a second make,
# which reads this file again (see "installing first" below).
PKGS_FOUND := $(shell pkg-config --exists $(PKGS) 2>/dev/null && echo yes)
PKG_CFLAGS := $(if $(PKGS_FOUND),$(shell pkg-config --cflags $(PKGS)))
LIBS       := $(if $(PKGS_FOUND),$(shell pkg-config --libs $(PKGS)))

# The unit tests and their sanitizer variant.
TEST_LIBS   := -lcmocka
ASAN_CFLAGS := -std=c11 -Wall -Wextra -Werror -O1 -g \
               -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=all

# The data-race check (docs/races.md): in the simulator's build the module's
# loads and stores call the hooks of explorer/sim/race_hooks.c. Only svsm/ is
# instrumented, and not in the ASan variant: the two sanitizers cannot be
# combined, and the hooks stand in for ThreadSanitizer's run-time library.
RACE_CFLAGS := -fsanitize=thread --param=tsan-instrument-func-entry-exit=0

# The freestanding check: only the compiler's own headers are reachable.
FREESTANDING_CFLAGS = $(CFLAGS) -ffreestanding -fno-builtin -nostdinc \
                      -isystem $(shell $(CC) -print-file-name=include)

# --- sources ----------------------------------------------------------------
find_c = $(sort $(shell find $(1) $(2) -name '*.c' -print 2>/dev/null))

# The module: every .c under svsm/ except the platforms (core/, lib/, and
# later attest/, vtpm/, ...). It must compile freestanding. svsm/platform/
# holds firmware builds with their own HAL: svsm/platform/qemu/ (make
# qemu-image, below); the simulator's HAL is host code over the machine
# model, in explorer/sim/.
MODULE   := $(call find_c,svsm,-path svsm/platform -prune -o)
EXPLORER := $(filter-out explorer/main.c,$(call find_c,explorer))
LIB_SRCS := $(MODULE) $(EXPLORER)
MAIN     := explorer/main.c
TESTS    := $(sort $(wildcard tests/unit/test_*.c))
BENCHES  := $(sort $(wildcard bench/*.c))

PROG     := svsmlab
BUILD    := build
ASAN     := $(BUILD)/asan

# Hosted code gets POSIX; module sources do not.
hosted = $(if $(filter $(MODULE),$(1)),,$(HOSTED_CPPFLAGS) $(PKG_CFLAGS))
# Flags only the module's sources get ($(2): the variant's).
module_only = $(if $(filter $(MODULE),$(1)),$(2))

# Quiet build output: "  CC  file" unless V=1.
ifeq ($(V),1)
  say =
else
  say = @printf '  %-4s %s\n' $(1) $(2);
endif

.DEFAULT_GOAL := all
.PHONY: all deps demo test asan bench mutate clean freestanding unit-bins asan-bins bench-bins \
        have-packages run-demo run-test run-asan build-deps FORCE
.DELETE_ON_ERROR:
# Keep objects that pattern-rule chains would otherwise delete as intermediate.
.SECONDARY:

# --- one build variant: objects, library, test binaries ---------------------
# $(1) = directory, $(2) = compiler flags, $(3) = what the module's sources
# get besides. Used for build/ and build/asan/.
# $(1)/flags holds the variant's flags the objects were built with and
# changes only when they do, so that a change of flags (a pull that
# instruments the module, say) rebuilds every object rather than linking
# old ones. (Not CPPFLAGS: it names the tree, and copies of the tree, as
# tests/mutate/run.sh makes, must not rebuild everything.)
define variant
$(1)/flags: FORCE
	@mkdir -p $$(@D)
	@echo '$(2) | $(3)' | cmp -s - $$@ || echo '$(2) | $(3)' >$$@

$(1)/obj/%.o: %.c $(1)/flags | have-packages
	@mkdir -p $$(@D)
	$$(call say,CC,$$@)$(CC) $(2) $$(call module_only,$$<,$(3)) $$(CPPFLAGS) $$(call hosted,$$<) -MMD -MP -c $$< -o $$@

$(1)/libsvsmlab.a: $$(LIB_SRCS:%.c=$(1)/obj/%.o)
	@mkdir -p $$(@D)
	$$(call say,AR,$$@)rm -f $$@ && $(AR) rcs $$@ $$^

$(1)/tests/%: $(1)/obj/tests/unit/%.o $(1)/libsvsmlab.a
	@mkdir -p $$(@D)
	$$(call say,LD,$$@)$(CC) $(2) $$< $(1)/libsvsmlab.a $$(LIBS) $$(TEST_LIBS) -o $$@

-include $$(shell find $(1)/obj -name '*.d' 2>/dev/null)
endef

$(eval $(call variant,$(BUILD),$(CFLAGS),$(RACE_CFLAGS)))
$(eval $(call variant,$(ASAN),$(ASAN_CFLAGS)))

# --- the program ------------------------------------------------------------
all: $(PROG)
	@:

$(PROG): $(BUILD)/obj/$(MAIN:.c=.o) $(BUILD)/libsvsmlab.a
	$(call say,LD,$@)$(CC) $(CFLAGS) $^ $(LIBS) -o $@

# --- stages the test runner drives ------------------------------------------
freestanding: $(MODULE:%.c=$(BUILD)/freestanding/%.o)

$(BUILD)/freestanding/%.o: %.c
	@mkdir -p $(@D)
	$(call say,FS,$<)$(CC) $(FREESTANDING_CFLAGS) $(CPPFLAGS) -MMD -MP -c $< -o $@

-include $(shell find $(BUILD)/freestanding -name '*.d' 2>/dev/null)

unit-bins: $(TESTS:tests/unit/%.c=$(BUILD)/tests/%)
asan-bins: $(TESTS:tests/unit/%.c=$(ASAN)/tests/%)

# Each recipe line that runs the runner names $(MAKE), so the runner's own
# make calls share this make's job slots (make -j2 stays -j2).
RUN = MAKE="$(MAKE)" tests/run.sh

run-test: all
	+@$(RUN) freestanding deps layers build unit cli asan labs

run-asan:
	+@$(RUN) asan

run-demo: all
	./$(PROG) demo

# --- installing first -------------------------------------------------------
# make test, make asan and make demo work on a machine that has none of the
# packages yet. This make read the file before anything was installed, so
# its pkg-config answers may be empty: it installs, then hands the goal to a
# second make, which reads the file afresh. That make builds with every core
# unless the command line said how many jobs (make -j1 test builds alone).
CORES_UNLESS_TOLD = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 1))

test asan demo fuzz: deps
	+@$(MAKE) --no-print-directory $(CORES_UNLESS_TOLD) run-$@

deps:
	@scripts/deps.sh

# A plain `make` on a machine without the packages stops with what to do,
# rather than with a compiler error about lua.h.
have-packages:
ifneq ($(PKGS_FOUND),yes)
	@echo "svsmlab: the Debian packages for $(PKGS) are missing;" >&2
	@echo "  run 'make deps' as root (make test and make demo install them themselves)" >&2
	@exit 1
endif

# What the build takes from outside, for tests/deps/covered.sh: the pkg-config
# modules, and the libraries it links by name.
build-deps:
	@echo "pkg-config: $(PKGS)"
	@echo "libraries: $(patsubst -l%,%,$(TEST_LIBS))"

# --- everything else --------------------------------------------------------

bench-bins: $(BENCHES:bench/%.c=$(BUILD)/bench/%)

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(BUILD)/libsvsmlab.a
	@mkdir -p $(@D)
	$(call say,LD,$@)$(CC) $(CFLAGS) $^ $(LIBS) -o $@

# The commit make bench compares with: the kit before check's speed work
# (issue 13). `make bench BENCH_BASE=REV` compares with another.
BENCH_BASE ?= a847a2e

# bench_qemu boots the x86 image.
bench: bench-bins qemu-image $(PROG)
ifeq ($(BENCHES),)
	@echo "bench: no bench/*.c yet, nothing to run"
else
	@set -e; for b in $(BENCHES:bench/%.c=$(BUILD)/bench/%); do $$b; done
endif
	+@MAKE="$(MAKE)" bench/versus.sh $(BENCH_BASE)

# Slow (minutes): every mutant is rebuilt and verified; see tests/mutate/run.sh.
mutate: all
	+@MAKE="$(MAKE)" tests/mutate/run.sh

clean:
	rm -rf $(BUILD) $(PROG)

# --- man page, completion, install -----------------------------------------
#   make install    ./svsmlab, its man page and bash completion under PREFIX
#                   (default /usr/local; DESTDIR honoured); make uninstall
# The man page and the completion are printed by the program from the
# commands' option tables (explorer/cli/): they name the options the
# parsers take.
MANPAGE    := $(BUILD)/svsmlab.1
COMPLETION := $(BUILD)/svsmlab.bash
PREFIX     ?= /usr/local
BINDIR     := $(DESTDIR)$(PREFIX)/bin
MAN1DIR    := $(DESTDIR)$(PREFIX)/share/man/man1
COMPDIR    := $(DESTDIR)$(PREFIX)/share/bash-completion/completions

.PHONY: man completion install uninstall
all: $(MANPAGE) $(COMPLETION)
man: $(MANPAGE)
completion: $(COMPLETION)

$(MANPAGE): $(PROG)
	$(call say,GEN,$@)./$(PROG) help --man >$@

$(COMPLETION): $(PROG)
	$(call say,GEN,$@)./$(PROG) help --completion >$@

install: all
	install -d $(BINDIR) $(MAN1DIR) $(COMPDIR)
	install -m 755 $(PROG) $(BINDIR)/svsmlab
	install -m 644 $(MANPAGE) $(MAN1DIR)/svsmlab.1
	install -m 644 $(COMPLETION) $(COMPDIR)/svsmlab

uninstall:
	rm -f $(BINDIR)/svsmlab $(MAN1DIR)/svsmlab.1 $(COMPDIR)/svsmlab

# --- make fuzz: coverage-guided fuzzing with libFuzzer (fuzz/, docs/fuzz.md) --
#   make fuzz [FUZZ_SECONDS=N] [BUG=NAME]   each harness N seconds, one row each
# The library is built again by clang, with libFuzzer's coverage and
# ASan+UBSan, into build/fuzz/. Each harness is one fuzz/NAME.c; the other
# fuzz/ sources are shared by them (and seeds.c writes the seed corpus).
FUZZ_CC        := clang
FUZZ_DIR       := $(BUILD)/fuzz
FUZZ_HARNESSES := protocol trace_file gdb_packet options
FUZZ_SHARED    := fuzz/bytes.c fuzz/program.c
FUZZ_SECONDS   ?= 60
# clang 14 does not define __SANITIZE_ADDRESS__ as gcc does; explorer/sched
# needs it to tell ASan about its switches of stacks. clang also counts
# { "x" } for a struct of two fields as a missing initializer; gcc does not.
FUZZ_CFLAGS    := -std=c11 -Wall -Wextra -Werror -Wno-missing-field-initializers -O1 -g \
                  -fno-omit-frame-pointer -fsanitize=address,undefined \
                  -fno-sanitize-recover=all -D__SANITIZE_ADDRESS__
# Coverage everywhere, but comparisons traced only in the module, the gdb
# stub's parser and the harnesses: traced, the checks of every step
# (explorer/ghost) took half of the protocol harness's time and tell the
# fuzzer nothing about the module.
fuzz_cov = $(if $(filter $(MODULE) explorer/gdb/% fuzz/%,$(1)),-fsanitize=fuzzer-no-link,\
                -fsanitize-coverage=inline-8bit-counters,pc-table)
FUZZ_LIB       := $(FUZZ_DIR)/libsvsmlab.a
FUZZ_SHARED_OBJS := $(FUZZ_SHARED:%.c=$(FUZZ_DIR)/obj/%.o)

.PHONY: fuzz fuzz-bins run-fuzz

$(FUZZ_DIR)/obj/%.o: %.c | have-packages
	@mkdir -p $(@D)
	$(call say,FZ,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) $(call fuzz_cov,$<) $(CPPFLAGS) \
		$(call hosted,$<) -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(LIB_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)
	$(call say,AR,$@)rm -f $@ && $(AR) rcs $@ $^

# A harness: libFuzzer's main() calls its LLVMFuzzerTestOneInput().
$(FUZZ_HARNESSES:%=$(FUZZ_DIR)/%): $(FUZZ_DIR)/%: $(FUZZ_DIR)/obj/fuzz/%.o $(FUZZ_SHARED_OBJS) \
                                                  $(FUZZ_LIB)
	$(call say,LD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ $(LIBS) -o $@

# The seed writer has a main() of its own.
$(FUZZ_DIR)/seeds: $(FUZZ_DIR)/obj/fuzz/seeds.o $(FUZZ_SHARED_OBJS) $(FUZZ_LIB)
	$(call say,LD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $^ $(LIBS) -o $@

fuzz-bins: $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/%) $(FUZZ_DIR)/seeds

run-fuzz: fuzz-bins $(PROG)
	@FUZZ_SECONDS="$(FUZZ_SECONDS)" BUG="$(BUG)" HARNESSES="$(FUZZ_HARNESSES)" fuzz/run.sh

-include $(shell find $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)

# --- the course labs (labs/, labs/README.md) ----------------------------------
#   make grade [LAB=NN] [JSON=FILE]   grade lab NN (default: the lab the tree is set to)
#   make handout LAB=NN [OUT=DIR]     a student's tree of lab NN, without solutions
#   make labs-check                   every lab's starter, reference and fixtures graded
.PHONY: grade handout labs-check
grade:
	+@labs/grade $(if $(JSON),--json $(JSON)) $(LAB)

handout:
	@labs/handout $(LAB) $(OUT)

# Also a stage of make test (tests/run.sh labs), one row per lab.

labs-check: all
	@labs/check
# --- make qemu: the module on x86-64 under QEMU (docs/qemu.md) -------------
#   make qemu [BUG=NAMES]   boot headless; exit 0 when the guest's self-test passed
#   make qemu-gdb           the same, waiting for gdb on a per-user port
#   make qemu-image         only build build/qemu/svsm.elf and guest.elf
# The image is the module (svsm/core, svsm/lib), its x86 platform
# (svsm/platform/qemu) and the machine model's RMP instructions and access
# check (explorer/machine: the software RMP, the code the conformance test
# checks), built freestanding for ring 0. The guest kernel is built the same
# way, linked at its own address, and carried inside the image as a flat
# binary. QEMU's Multiboot loader takes only 32-bit ELF, so the 64-bit
# link (svsm64.elf, with symbols) is converted to ELF32 for -kernel.
QEMU_DIR      := $(BUILD)/qemu
QEMU_PLATFORM := svsm/platform/qemu
QEMU_CFLAGS   := -std=c11 -Wall -Wextra -Werror -O2 -g -ffreestanding -nostdinc \
                 -isystem $(shell $(CC) -print-file-name=include) \
                 -m64 -mno-red-zone -mgeneral-regs-only -fno-pic -fno-pie \
                 -fno-stack-protector -fno-asynchronous-unwind-tables -fcf-protection=none \
                 -fno-tree-loop-distribute-patterns
QEMU_LDFLAGS  := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack
QEMU_MODEL    := $(addprefix explorer/machine/,access.c fault.c names.c npt.c pvalidate.c \
                   rmp.c rmpadjust.c)
QEMU_SRCS     := $(MODULE) $(QEMU_MODEL) $(wildcard $(QEMU_PLATFORM)/*.c $(QEMU_PLATFORM)/*.S)
QEMU_GUEST    := $(wildcard $(QEMU_PLATFORM)/guest/*.c $(QEMU_PLATFORM)/guest/*.S)
QEMU_OBJ      = $(patsubst %,$(QEMU_DIR)/obj/%.o,$(basename $(1)))
# svsmlab qemu writes QEMU's command line (explorer/qemu/cli.c).
QEMU_TIMEOUT  ?= 60
# xv6's choice: a port from the user id, so that two users' gdbs do not meet.
QEMU_GDB_PORT ?= $(shell expr `id -u` % 5000 + 25000)

.PHONY: qemu qemu-gdb qemu-image

$(QEMU_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(call say,X86,$<)$(CC) $(QEMU_CFLAGS) $(CPPFLAGS) -MMD -MP -c $< -o $@

$(QEMU_DIR)/obj/%.o: %.S
	@mkdir -p $(@D)
	$(call say,X86,$<)$(CC) $(QEMU_CFLAGS) $(CPPFLAGS) -MMD -MP \
		-DQEMU_GUEST_BIN='"$(QEMU_DIR)/guest.bin"' -c $< -o $@

$(QEMU_DIR)/obj/$(QEMU_PLATFORM)/guest_image.o: $(QEMU_DIR)/guest.bin

$(QEMU_DIR)/guest.elf: $(call QEMU_OBJ,$(QEMU_GUEST)) $(QEMU_PLATFORM)/guest/guest.ld
	$(call say,LD,$@)$(CC) $(QEMU_LDFLAGS) -T $(QEMU_PLATFORM)/guest/guest.ld \
		$(call QEMU_OBJ,$(QEMU_GUEST)) -o $@

$(QEMU_DIR)/guest.bin: $(QEMU_DIR)/guest.elf
	$(call say,BIN,$@)objcopy -O binary $< $@

$(QEMU_DIR)/svsm64.elf: $(call QEMU_OBJ,$(QEMU_SRCS)) $(QEMU_PLATFORM)/svsm.ld
	$(call say,LD,$@)$(CC) $(QEMU_LDFLAGS) -T $(QEMU_PLATFORM)/svsm.ld \
		$(call QEMU_OBJ,$(QEMU_SRCS)) -o $@

$(QEMU_DIR)/svsm.elf: $(QEMU_DIR)/svsm64.elf
	$(call say,ELF32,$@)objcopy -O elf32-i386 $< $@

qemu-image: $(QEMU_DIR)/svsm.elf $(QEMU_DIR)/guest.elf

qemu: all qemu-image
	./$(PROG) qemu $(if $(BUG),--bug $(BUG)) --timeout $(QEMU_TIMEOUT)

qemu-gdb: all qemu-image
	./$(PROG) qemu $(if $(BUG),--bug $(BUG)) --gdb $(QEMU_GDB_PORT)

-include $(shell find $(QEMU_DIR)/obj -name '*.d' 2>/dev/null)
