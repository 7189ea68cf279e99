#!/usr/bin/env bash
# scripts/deps.sh: installs the Debian 12 packages svsmlab needs, and only
# the missing ones. Silent when everything is already there, so `make test`
# and `make demo` can call it every time. Nothing is fetched except through
# apt-get: no vendored or downloaded copies of what Debian ships.
#
# `scripts/deps.sh --list` prints the list and installs nothing. The test
# stage tests/deps/covered.sh reads it: every library the build links and
# every tool the tests and scripts run must come from a package on it (or
# from one that a Debian system always has).
set -euo pipefail

packages=(
	build-essential  # gcc, make
	pkg-config
	liblua5.4-dev    # scenario scripts
	libz3-dev        # svsmlab verify
	libncurses-dev   # the explorer TUI
	graphviz         # traces and state graphs
	qemu-system-x86  # the module booted under QEMU
	gdb              # debugging guests over the remote serial protocol
	tmux             # TUI tests
	procps           # ps, with which the TUI tests find the explorer
	libcmocka-dev    # unit tests
	clang            # make fuzz: libFuzzer harnesses
	libclang-rt-14-dev  # make fuzz: the libFuzzer and sanitizer runtimes
	python3          # the command tests parse the JSON the kit writes
	git              # tests/deps/covered.sh asks git which files are the kit's
	man-db           # man -l: the install test renders the man page
	groff-base       # groff: the install test checks the page for warnings
)

if [ "${1:-}" = --list ]; then
	printf '%s\n' "${packages[@]}"
	exit 0
fi

missing=()
for p in "${packages[@]}"; do
	# Installed means "install ok installed": dpkg -s alone also succeeds for
	# a package removed with its configuration files left behind.
	if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "svsmlab needs these Debian packages, which are not installed:" >&2
	echo "  ${missing[*]}" >&2
	echo "Install them as root with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
