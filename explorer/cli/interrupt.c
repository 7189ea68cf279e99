/*
 * interrupt.c: the SIGINT handler of the long commands.
 *
 * It runs in the middle of anything (a Z3 query, a printf), so it does
 * only what is safe there: write(), unlink(), raise().
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "interrupt.h"
#include "output.h"

static char message[96];
static size_t message_len;

static void on_interrupt(int sig)
{
	const char *partial = output_partial();
	if (partial)
		unlink(partial);
	if (write(STDERR_FILENO, message, message_len) < 0) {
		/* nothing more can be said: the interrupt goes on */
	}
	raise(sig);   /* the handler was reset: this one kills */
	_exit(EXIT_INTERRUPTED);   /* not reached, unless SIGINT is blocked: the same status */
}

void interrupt_catch(const char *command)
{
	int n = snprintf(message, sizeof(message), "\nsvsmlab %s: interrupted\n", command);
	message_len = n < 0 ? 0 : (size_t)n < sizeof(message) ? (size_t)n : sizeof(message) - 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}
