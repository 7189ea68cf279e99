/*
 * interrupt.c: the SIGINT handlers of the long commands.
 *
 * They run in the middle of anything (a Z3 query, a printf), so they do
 * only what is safe there: write(), unlink(), sigaction(), raise(),
 * sigprocmask(), clock_gettime(), or set a flag of type volatile sig_atomic_t.
 */
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "interrupt.h"
#include "output.h"

static char message[96];
static size_t message_len;

/*
 * A second SIGINT may follow at once (timeout(1) sends one to the command
 * and one to its process group; a user presses Ctrl-C twice). It stays
 * blocked while the handler runs, so the message is always written; then
 * the default action is put back and the signal let through: the process
 * dies of SIGINT, as the shell expects.
 */
static void on_interrupt(int sig)
{
	const char *partial = output_partial();
	if (partial)
		unlink(partial);
	if (write(STDERR_FILENO, message, message_len) < 0) {
		/* nothing more can be said: the interrupt goes on */
	}
	struct sigaction dfl;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, sig);
	raise(sig);                                /* pending until unblocked */
	sigprocmask(SIG_UNBLOCK, &mask, NULL);     /* this kills */
	_exit(EXIT_INTERRUPTED);   /* not reached: the same status */
}

static void set_message(const char *command)
{
	int n = snprintf(message, sizeof(message), "\nsvsmlab %s: interrupted\n", command);
	message_len = n < 0 ? 0 : (size_t)n < sizeof(message) ? (size_t)n : sizeof(message) - 1;
}

void interrupt_catch(const char *command)
{
	set_message(command);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sa.sa_flags = 0;   /* SIGINT is blocked while the handler runs */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

static volatile sig_atomic_t requested;
static struct timespec first;

/*
 * The first SIGINT asks; the run stops when it next looks, which can be
 * as late as the end of the Z3 query under way (up to its time-out). One
 * that comes a second or more after it stops the process at once, as
 * interrupt_catch's would: a user who presses Ctrl-C again does not want
 * to wait. (timeout(1) sends two at once: the second is the same request.)
 */
static void on_request(int sig)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!requested) {
		first = now;
		requested = 1;
	} else if (now.tv_sec - first.tv_sec >= 2 ||
	           (now.tv_sec - first.tv_sec == 1 && now.tv_nsec >= first.tv_nsec)) {
		on_interrupt(sig);
	}
}

void interrupt_flag(const char *command)
{
	set_message(command);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_request;
	sa.sa_flags = SA_RESTART;   /* a write to the report goes on, not cut short by EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

bool interrupt_requested(void)
{
	return requested != 0;
}
