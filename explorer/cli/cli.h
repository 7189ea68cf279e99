/*
 * cli.h: what the svsmlab commands share on their command lines.
 *
 * Each command describes itself once, in a struct cli_command: its
 * operands, a one-line summary, and a table of its options (name, value,
 * one-line meaning). Its parser walks that table with cli_next(); the
 * same table prints its --help, the man page (svsmlab help --man) and the
 * bash completion (svsmlab help --completion), so that none of them can
 * name an option the others do not know.
 *
 * A bad command line is answered the same way by every command: one
 * line, "svsmlab COMMAND: what is wrong; try 'svsmlab COMMAND --help'",
 * and exit status 2. Numbers and --bug values are parsed here once.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define SVSMLAB_VERSION "0.9"

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

/* What an option's value (or a command's operand) is: what --help and the completion offer. */
enum cli_value {
	CLI_TEXT,    /* a number or free text: nothing to offer */
	CLI_FILE,    /* a file name */
	CLI_WORD,    /* one of the words of values(); cli_next() refuses any other */
	CLI_LIST,    /* a comma-separated list of those words (the command checks it) */
};

/* One option. A flag is { name, NULL, help }; a value of free text leaves out the last two. */
struct cli_option {
	const char *name;                   /* "--depth", or a short one, "-T" */
	const char *arg;                    /* the value's name ("N"), NULL for a flag */
	const char *help;                   /* one line: what it does, and its default */
	enum cli_value value;
	const char *(*values)(unsigned i);  /* CLI_WORD, CLI_LIST: the i-th word, NULL past the last */
};

struct cli_command {
	const char *name;                   /* "check" */
	const char *operands;               /* "FILE", "[FILE]", or "" */
	enum cli_value operand;
	const char *(*operand_values)(unsigned i);   /* as in struct cli_option */
	const char *summary;                /* one line: what the command does */
	const struct cli_option *options;   /* ends with { NULL } */
	const char *notes;                  /* after the options in --help: exit status, docs */
	int (*run)(int argc, char **argv);  /* the arguments after the command's name */
};

/* Every command, in the order the overview lists them (commands.c); NULL at the end. */
extern const struct cli_command *const cli_commands[];
const struct cli_command *cli_find(const char *name);
/* What svsmlab is, in a few lines: the overview's and the man page's description. */
extern const char cli_description[];

/* What cli_next() returns besides an option's index. */
#define CLI_OPERAND (-1)   /* an operand: it is in *value */
#define CLI_ERROR (-2)     /* a usage error, already said on stderr */

/*
 * The argument argv[*i] of command c: the index of its option in
 * c->options (a value, if the option takes one, in *value and *i moved
 * past it), CLI_OPERAND, or CLI_ERROR for an unknown option, a missing
 * value, or a CLI_WORD value that is not one of its words.
 */
int cli_next(const struct cli_command *c, int argc, char **argv, int *i, const char **value);
/* True when -h or --help is one of the arguments as options (not an option's value). */
bool cli_asks_help(const struct cli_command *c, int argc, char **argv);

/* Says "svsmlab COMMAND: " fmt "; try 'svsmlab COMMAND --help'" on stderr; returns EXIT_USAGE. */
int cli_usage(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * s as a number no larger than max: decimal digits, or 0x and hex digits.
 * No sign, no spaces, and no octal: "010" is ten. True with *v.
 */
bool cli_number(const char *s, unsigned long long max, unsigned long long *v);

/* Adds the bugs of a --bug list "a,b" (or "none") to *bits: 0, or EXIT_USAGE (said). */
int cli_bugs(const char *command, const char *names, uint32_t *bits);
/* The words --bug takes: the catalog's names, then "none". */
const char *cli_bug_value(unsigned i);

/* help.c: the --help of c on out (main checks, at the end, that it was written). */
int cli_help(FILE *out, const struct cli_command *c);
/* The overview of every command, for `svsmlab help`. Both return 0. */
int cli_overview(FILE *out);
/* man.c, completion.c: the man page (roff) and the bash completion, from the tables. */
void cli_man(FILE *out);
void cli_completion(FILE *out);

#endif
