/*
 * cli.h: what the svsmlab commands share on their command lines.
 *
 * Every command (check, verify, dot, demo, run) answers a bad command
 * line the same way: "svsmlab COMMAND: what is wrong", then its usage
 * text, and exit status 2. The answer, the exit statuses that mean the
 * same in several commands, and the parsing of numbers and --bug values
 * live here once, so that the commands cannot drift apart.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>

/* A bad command line, or an input file that is not what the command takes. */
#define EXIT_USAGE 2
/* check and verify: a clause is broken (verify: or a case was not decided). */
#define EXIT_FOUND 1
/* An output could not be written (a full disk, a missing directory): never a verdict. */
#define EXIT_IO 3
/*
 * Ctrl-C: the command stops at once (explorer/cli/interrupt.c). The
 * process ends by SIGINT itself, so the shell sees 128 + 2, as for any
 * program killed by it, and a script running svsmlab stops too.
 */
#define EXIT_INTERRUPTED 130

/* Says "svsmlab COMMAND: " fmt "\n" and then synopsis on stderr; returns EXIT_USAGE. */
int cli_usage(const char *command, const char *synopsis, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* s as C writes a number (decimal, 0x hex, 0 octal) no larger than max: true with *v. */
bool cli_number(const char *s, unsigned long long max, unsigned long long *v);

/* Adds the bugs of a --bug list "a,b" to *bits: 0, or EXIT_USAGE (said) for an unknown name. */
int cli_bugs(const char *names, uint32_t *bits);

#endif
