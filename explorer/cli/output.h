/*
 * output.h: the files and the standard output a command writes.
 *
 * A command's verdict is only as good as what it wrote: a counterexample
 * that did not reach its file proves nothing, and a report lost on a full
 * disk must not end in exit status 0. So an output path is looked at
 * before the run (output_usable), every file is closed with its write
 * errors counted (output_close, which removes a file written only in
 * part), and standard output is flushed and checked once, at the end of
 * every command (output_finish).
 */
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Before the run: 0 when path can take the command's output file: a
 * regular file, or one that can be made in an existing directory, and
 * not the command's own standard output (the file is read back to be
 * replayed, and the report would overwrite it). Otherwise says why on
 * stderr as "svsmlab COMMAND: ..." and returns EXIT_USAGE (not a file a
 * result can go to: "-", a device, a pipe, standard output) or EXIT_IO
 * (the system's reason, e.g. no such directory).
 */
int output_usable(const char *command, const char *path);

/* EXIT_USAGE (said) when path is the file input: the output would overwrite what it came from. */
int output_not_input(const char *command, const char *path, const char *input);

/* fopen(path, "w"), remembered until output_close so that an interrupt can remove it. */
FILE *output_open(const char *path);

/*
 * fputs(text, f), for one large text: stdio does not keep the bytes of a
 * large write that failed, nor its reason, which this remembers for
 * output_close and output_finish: they report the failure.
 */
void output_text(FILE *f, const char *text);

/*
 * Closes f, opened by output_open: 0, or -1 with errno when any write to
 * it failed; the file, incomplete, is then removed (a regular file only:
 * never a device such as /dev/full).
 */
int output_close(FILE *f);

/* The file output_open opened and output_close has not closed, or NULL. */
const char *output_partial(void);

/*
 * The command's end: standard output flushed. When any write to it
 * failed, says "svsmlab COMMAND: write error: REASON" and returns EXIT_IO
 * (the report is lost, whatever it said); otherwise status.
 */
int output_finish(const char *command, int status);

#endif
