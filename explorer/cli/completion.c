/*
 * completion.c: the bash completion of svsmlab, from the commands' tables.
 *
 * `svsmlab help --completion` prints a bash script; the build writes it
 * to build/svsmlab.bash and `make install` puts it where bash-completion
 * looks. It offers the commands, each command's options, and the values
 * the tables know: files, the catalog's bug names (one at a time in a
 * comma list), the handlers, the commands of `help`.
 */
#include "commands.h"

/* The words of values(), space-separated, for compgen -W. */
static void word_list(FILE *out, const char *(*values)(unsigned))
{
	const char *w;
	for (unsigned i = 0; (w = values(i)); i++)
		fprintf(out, "%s%s", i ? " " : "", w);
}

/* The shell code that completes $cur as a value of this kind. */
static void complete_value(FILE *out, enum cli_value kind, const char *(*values)(unsigned))
{
	switch (kind) {
	case CLI_TEXT:
		fputs(":", out);
		break;
	case CLI_FILE:
		fputs("_svsmlab_files", out);
		break;
	case CLI_WORD:
	case CLI_LIST:
		fputs(kind == CLI_WORD ? "_svsmlab_words \"" : "_svsmlab_list \"", out);
		word_list(out, values);
		fputs("\"", out);
		break;
	}
}

/* After an option that takes a value: complete the value (nothing for a number or text). */
static void values_after_options(FILE *out)
{
	fputs("\tcase \"${COMP_WORDS[1]} $prev\" in\n", out);
	for (unsigned i = 0; cli_commands[i]; i++) {
		const struct cli_command *c = cli_commands[i];
		for (const struct cli_option *o = c->options; o->name; o++) {
			if (!o->arg)
				continue;
			fprintf(out, "\t\"%s %s\") ", c->name, o->name);
			complete_value(out, o->value, o->values);
			fputs("; return ;;\n", out);
		}
	}
	fputs("\tesac\n", out);
}

/* Elsewhere: the command's options after a '-', else its operand. */
static void options_or_operand(FILE *out)
{
	fputs("\tcase ${COMP_WORDS[1]} in\n", out);
	for (unsigned i = 0; cli_commands[i]; i++) {
		const struct cli_command *c = cli_commands[i];
		fprintf(out, "\t%s)\n\t\tif [[ $cur == -* ]]; then _svsmlab_words \"", c->name);
		for (const struct cli_option *o = c->options; o->name; o++)
			fprintf(out, "%s ", o->name);
		fputs("-h --help\"\n\t\telse ", out);
		if (c->operands[0])
			complete_value(out, c->operand, c->operand_values);
		else
			fputs(":", out);
		fputs("; fi ;;\n", out);
	}
	fputs("\tesac\n", out);
}

void cli_completion(FILE *out)
{
	fputs("# bash completion for svsmlab, written by `svsmlab help --completion` from the\n"
	      "# commands' option tables (explorer/cli/): change those, not this file.\n"
	      "_svsmlab_words() { COMPREPLY=($(compgen -W \"$1\" -- \"$cur\")); }\n"
	      "_svsmlab_files() { COMPREPLY=($(compgen -f -- \"$cur\")); }\n"
	      "# The last item of a comma-separated list: the items before it stay.\n"
	      "_svsmlab_list() {\n"
	      "\tlocal before=\n"
	      "\t[[ $cur == *,* ]] && before=${cur%,*},\n"
	      "\tCOMPREPLY=($(compgen -P \"$before\" -W \"$1\" -- \"${cur##*,}\"))\n"
	      "}\n"
	      "_svsmlab() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tCOMPREPLY=()\n"
	      "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	      "\t\t_svsmlab_words \"", out);
	for (unsigned i = 0; cli_commands[i]; i++)
		fprintf(out, "%s ", cli_commands[i]->name);
	fputs("-h --help --version\"\n"
	      "\t\treturn\n"
	      "\tfi\n", out);
	values_after_options(out);
	options_or_operand(out);
	fputs("}\n"
	      "complete -o filenames -F _svsmlab svsmlab\n", out);
}
