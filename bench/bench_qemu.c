/*
 * bench_qemu.c: the module on x86-64 under QEMU (TCG): how long from
 * starting QEMU to the module's and the guest's first console lines, and
 * how many SVSM calls per second go through the real trap path (the
 * guest's bench mode: QUERY_PROTOCOL, VMGEXIT, the world switch through
 * the VMSA, the module's dispatch, and back). Each figure is the median
 * of RUNS boots. Needs build/qemu/svsm.elf (make bench builds it).
 * Figures, not pass/fail: `make bench`.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "explorer/cli/clock.h"
#include "explorer/qemu/qemu.h"

#define RUNS 5

static void die(const char *what)
{
	fprintf(stderr, "bench_qemu: %s\n", what);
	exit(1);
}

/* When each line was seen, in seconds from the start of QEMU. */
struct boot {
	double module, guest, bench_start, bench_done;
	unsigned long calls;
};

/* Seconds at which line starts with prefix, recorded once. */
static void mark(double *t, const char *line, const char *prefix, double at)
{
	if (*t == 0 && strncmp(line, prefix, strlen(prefix)) == 0)
		*t = at;
}

static void boot(const char *append, struct boot *b)
{
	int fds[2];
	if (pipe(fds) != 0)
		die("pipe");
	double start = cli_clock();
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		char com2[96], *av[QEMU_ARGV_MAX];
		qemu_argv(av, append, com2, sizeof(com2), 0);
		execvp(av[0], av);
		_exit(127);
	}
	close(fds[1]);
	FILE *in = fdopen(fds[0], "r");
	char line[256];
	memset(b, 0, sizeof(*b));
	while (in && fgets(line, sizeof(line), in)) {
		double at = cli_clock() - start;
		mark(&b->module, line, "svsm:", at);
		mark(&b->guest, line, "guest:", at);
		mark(&b->bench_start, line, "guest: bench start", at);
		mark(&b->bench_done, line, "guest: bench done", at);
		sscanf(line, "guest: bench done, calls %lx", &b->calls);
	}
	if (in)
		fclose(in);
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 1)
		die("QEMU did not end with the guest's success (is build/qemu/svsm.elf built?)");
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v)
{
	qsort(v, RUNS, sizeof(*v), by_value);
	return v[RUNS / 2];
}

int main(void)
{
	double module[RUNS], guest[RUNS], exit_t[RUNS], rate[RUNS];
	for (int i = 0; i < RUNS; i++) {
		struct boot b;
		double start = cli_clock();
		boot("bugs=0x0", &b);
		exit_t[i] = cli_clock() - start;
		module[i] = b.module;
		guest[i] = b.guest;
		boot("bench", &b);
		if (b.calls == 0 || b.bench_done <= b.bench_start)
			die("the guest's bench printed no result");
		rate[i] = (double)b.calls / (b.bench_done - b.bench_start);
	}
	printf("| %-60s | %12s |\n", "the module on x86-64 under QEMU (TCG), median of 5 boots", "");
	printf("|%s|%s|\n", "--------------------------------------------------------------",
	       "--------------");
	printf("| %-60s | %10.3f s |\n", "QEMU start to the module's first console line", median(module));
	printf("| %-60s | %10.3f s |\n", "QEMU start to the guest's first console line", median(guest));
	printf("| %-60s | %10.3f s |\n", "QEMU start to the self-test's end (QEMU exited)", median(exit_t));
	printf("| %-60s | %12.0f |\n", "core calls per second through the trap path (QUERY_PROTOCOL)",
	       median(rate));
	return 0;
}
