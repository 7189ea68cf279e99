/*
 * cli.c: `svsmlab qemu [--bug NAMES] [--gdb PORT] [--timeout S]`.
 *
 * Boots the module's x86 image (make qemu-image: build/qemu/svsm.elf)
 * headless under QEMU, TCG only, with the console on standard output,
 * and ends with the guest's verdict. The bug names are turned into the
 * image's bits here, where the catalog is: the image reads only
 * "bugs=0xN" from its command line (svsm/platform/qemu/cmdline.c).
 *
 * The machine is QEMU's microvm: no PCI, no ACPI, and a firmware that
 * reaches the kernel in a few tens of milliseconds (q35 takes 0.3 s).
 *
 * --gdb: the module itself serves the guest to gdb on its second serial
 * port, which QEMU connects to a TCP server on 127.0.0.1:PORT (waiting
 * for the first client before the machine starts); the guest is stopped
 * before its first instruction, and guest.elf carries its symbols
 * (svsm/platform/qemu/gdb_stub.c).
 *
 * QEMU's exit status says how the run ended: the image writes v to the
 * isa-debug-exit port and QEMU exits with (v << 1) | 1, so 1 means the
 * guest's self-test passed, 3 it failed, 5 the module panicked.
 *
 * Exit status: 0 the self-test passed, 1 it failed, the module panicked,
 * QEMU could not run or the timeout passed, 2 a usage error.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "qemu.h"
#include "../cli/clock.h"
#include "../cli/commands.h"

#define EXIT_FAILED 1
#define DEFAULT_TIMEOUT 60

static int qemu_main(int argc, char **argv);

enum { BUG, GDB, TIMEOUT };

static const struct cli_option options[] = {
	[BUG] = { "--bug", "NAME[,NAME...]|none", "boot the module with these catalog bugs",
	          CLI_LIST, cli_bug_value },
	[GDB] = { "--gdb", "PORT",
	          "serve the guest to gdb on 127.0.0.1:PORT (the module's stub, on COM2)" },
	[TIMEOUT] = { "--timeout", "S",
	              "stop QEMU after S seconds (default 60; 0: never, the default with --gdb)" },
	{ NULL },
};

const struct cli_command qemu_command = {
	.name = "qemu",
	.operands = "",
	.summary = "boot the module and its self-testing guest on x86-64 under QEMU",
	.options = options,
	.notes = "Needs the image: make qemu-image. The console (COM1) is printed as it\n"
	         "comes. Exit status: 0 the guest's self-test passed, 1 it failed, the module\n"
	         "panicked, QEMU could not run or the timeout passed, 2 a usage error.\n"
	         "See docs/qemu.md.",
	.run = qemu_main,
};

void qemu_argv(char **av, const char *append, char *com2, size_t clen,
               unsigned long long gdb_port)
{
	snprintf(com2, clen, "socket,id=com2,host=127.0.0.1,port=%llu,server=on,wait=on", gdb_port);
	int n = 0;
	av[n++] = "qemu-system-x86_64";
	av[n++] = "-machine";
	av[n++] = "microvm,accel=tcg";
	av[n++] = "-m";
	av[n++] = "128M";
	av[n++] = "-display";
	av[n++] = "none";
	av[n++] = "-no-reboot";
	av[n++] = "-device";
	av[n++] = "isa-debug-exit,iobase=0xf4,iosize=0x04";
	av[n++] = "-serial";
	av[n++] = "stdio";
	if (gdb_port) {   /* microvm has one UART of its own: COM2 is added */
		av[n++] = "-chardev";
		av[n++] = com2;
		av[n++] = "-device";
		av[n++] = "isa-serial,chardev=com2,iobase=0x2f8,irq=3";
	}
	av[n++] = "-kernel";
	av[n++] = QEMU_IMAGE;
	av[n++] = "-append";
	av[n++] = (char *)append;
	av[n] = NULL;
}

/* Wait for the child, killing it after timeout seconds (0: never). -1: timed out. */
static int wait_for(pid_t pid, unsigned long long timeout)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	double start = cli_clock();
	for (;;) {
		int status;
		pid_t r = waitpid(pid, &status, timeout ? WNOHANG : 0);
		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (timeout && cli_clock() - start >= (double)timeout) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		nanosleep(&tick, NULL);
	}
}

static int verdict(int status, unsigned long long timeout)
{
	if (status == -1) {
		fprintf(stderr, "svsmlab qemu: no verdict within %llu s; QEMU was stopped\n", timeout);
		return EXIT_FAILED;
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	switch (code) {
	case 1:
		printf("svsmlab qemu: the guest's self-test passed\n");
		return 0;
	case 3:
		printf("svsmlab qemu: the guest's self-test FAILED\n");
		return EXIT_FAILED;
	case 5:
		fprintf(stderr, "svsmlab qemu: the module panicked\n");
		return EXIT_FAILED;
	default:
		fprintf(stderr, "svsmlab qemu: QEMU ended without a verdict (status %d)\n", code);
		return EXIT_FAILED;
	}
}

static int qemu_main(int argc, char **argv)
{
	uint32_t bugs = 0;
	unsigned long long port = 0, timeout = DEFAULT_TIMEOUT;
	bool timeout_given = false;
	for (int i = 0; i < argc; i++) {
		const char *val;
		switch (cli_next(&qemu_command, argc, argv, &i, &val)) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_OPERAND:
			return cli_usage("qemu", "takes no operand, not '%s'", val);
		case BUG:
			bugs = 0;
			if (cli_bugs("qemu", val, &bugs) != 0)
				return EXIT_USAGE;
			break;
		case GDB:
			if (!cli_number(val, 65535, &port) || port == 0)
				return cli_usage("qemu", "--gdb takes a port number 1..65535, not '%s'", val);
			break;
		case TIMEOUT:
			if (!cli_number(val, 86400, &timeout))
				return cli_usage("qemu", "--timeout takes seconds 0..86400, not '%s'", val);
			timeout_given = true;
			break;
		}
	}
	if (port && !timeout_given)
		timeout = 0;   /* a gdb session lasts as long as the student wants */
	if (access(QEMU_IMAGE, R_OK) != 0) {
		fprintf(stderr, "svsmlab qemu: no image %s; build it with 'make qemu-image'\n",
		        QEMU_IMAGE);
		return EXIT_FAILED;
	}

	char append[64], com2[96], *av[QEMU_ARGV_MAX];
	snprintf(append, sizeof(append), "bugs=0x%x%s", (unsigned)bugs, port ? " gdb" : "");
	qemu_argv(av, append, com2, sizeof(com2), port);
	if (port)
		printf("svsmlab qemu: waiting for gdb on 127.0.0.1:%llu; in another terminal:\n"
		       "  gdb %s -ex 'target remote 127.0.0.1:%llu'\n", port, QEMU_GUEST, port);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("svsmlab qemu: fork");
		return EXIT_FAILED;
	}
	if (pid == 0) {
		execvp(av[0], av);
		fprintf(stderr, "svsmlab qemu: cannot run %s: %s\n", av[0], strerror(errno));
		_exit(127);
	}
	return verdict(wait_for(pid, timeout), timeout);
}
