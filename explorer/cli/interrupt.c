/*
 * interrupt.c: the SIGINT handler of the long commands.
 *
 * It runs in the middle of anything (a Z3 query, a printf), so it does
 * only what is safe there: write(), unlink(), sigaction(), raise(),
 * sigprocmask().
 */
#include <signal.h>
#include <string.h>
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

void interrupt_catch(const char *command)
{
	int n = snprintf(message, sizeof(message), "\nsvsmlab %s: interrupted\n", command);
	message_len = n < 0 ? 0 : (size_t)n < sizeof(message) ? (size_t)n : sizeof(message) - 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sa.sa_flags = 0;   /* SIGINT is blocked while the handler runs */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}
