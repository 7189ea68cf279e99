/*
 * man.c: the manual page svsmlab(1), as roff, from the commands' tables.
 *
 * `svsmlab help --man` prints it; the build writes it to build/svsmlab.1
 * and `make install` puts it in man1. Every text is escaped (a '-' is
 * "\-", a line may not start with '.' or '\''), so a summary cannot turn
 * into a roff request.
 */
#include "commands.h"

/* s as roff text: the start of a line is protected, hyphens are minus signs. */
static void roff(FILE *out, const char *s)
{
	bool line_start = true;
	for (; *s; s++) {
		if (line_start && (*s == '.' || *s == '\''))
			fputs("\\&", out);
		if (*s == '-')
			fputs("\\-", out);
		else if (*s == '\\')
			fputs("\\e", out);
		else
			fputc(*s, out);
		line_start = *s == '\n';
	}
}

/* ".TP" then the option in bold, its value in italics, then its meaning. */
static void option(FILE *out, const char *name, const char *arg, const char *help)
{
	fputs(".TP\n\\fB", out);
	roff(out, name);
	fputs("\\fR", out);
	if (arg) {
		fputs(" \\fI", out);
		roff(out, arg);
		fputs("\\fR", out);
	}
	fputc('\n', out);
	roff(out, help);
	fputc('\n', out);
}

/* The words a value takes, after its meaning. */
static void words(FILE *out, const struct cli_option *o)
{
	const char *w;
	if (o->value != CLI_WORD && o->value != CLI_LIST)
		return;
	fputs(o->value == CLI_LIST ? ".br\nOne or more of, separated by commas:" : ".br\nOne of:", out);
	for (unsigned i = 0; (w = o->values(i)); i++) {
		fputs(i ? ", " : " ", out);
		roff(out, w);
	}
	fputs(".\n", out);
}

static void command(FILE *out, const struct cli_command *c)
{
	fputs(".SS \"svsmlab ", out);
	roff(out, c->name);
	if (c->operands[0]) {
		fputc(' ', out);
		roff(out, c->operands);
	}
	fputs("\"\n", out);
	roff(out, c->summary);
	fputs(".\n", out);
	for (const struct cli_option *o = c->options; o->name; o++) {
		option(out, o->name, o->arg, o->help);
		if (o->arg)
			words(out, o);
	}
	option(out, "-h, --help", NULL, "print the command's help and exit");
	if (c->notes[0]) {
		fputs(".PP\n", out);
		roff(out, c->notes);
		fputc('\n', out);
	}
}

void cli_man(FILE *out)
{
	fprintf(out, ".TH SVSMLAB 1 \"\" \"svsmlab %s\" \"User Commands\"\n", SVSMLAB_VERSION);
	/* Option and bug names must not be hyphenated, nor lines stretched around them. */
	fputs(".nh\n.ad l\n"
	      ".SH NAME\nsvsmlab \\- an SEV\\-SNP Secure VM Service Module on a model of the "
	      "hardware, and its checks\n"
	      ".SH SYNOPSIS\n"
	      ".B svsmlab\n.I COMMAND\n[\\fIoptions\\fR]\n.br\n"
	      ".B svsmlab\n.I COMMAND\n.B \\-\\-help\n.br\n"
	      ".B svsmlab \\-\\-version\n"
	      ".SH DESCRIPTION\n", out);
	roff(out, cli_description);
	fputs("\nEach command answers \\fB\\-\\-help\\fR with what this page says of it.\n"
	      "Numbers are decimal, or hexadecimal after 0x; a leading 0 does not make them "
	      "octal.\n"
	      ".SH COMMANDS\n", out);
	for (unsigned i = 0; cli_commands[i]; i++)
		command(out, cli_commands[i]);
	fputs(".SH EXIT STATUS\n"
	      ".TP\n0\nas expected: verified, nothing found, the story held.\n"
	      ".TP\n1\na check fired, a bug was found, an expectation failed, or a case was "
	      "not decided.\n"
	      ".TP\n2\na usage error, or an input file that is not what the command takes.\n"
	      ".SH SEE ALSO\n"
	      "\\fBdot\\fR(1), \\fBz3\\fR(1); README.md and docs/ in the svsmlab source tree.\n",
	      out);
}
