/*
 * interrupt.h: Ctrl-C ends a long command at once.
 *
 * check and verify run for minutes, and Z3 would take SIGINT for itself
 * and cancel only the query it is in (explorer/verify turns that off). A
 * run that was interrupted has no verdict: the command says so, removes
 * the output file it was writing (output.h), and dies of SIGINT, so that
 * the shell sees status 130 (EXIT_INTERRUPTED) and a script stops too.
 */
#ifndef CLI_INTERRUPT_H
#define CLI_INTERRUPT_H

/* From now on SIGINT stops the process with "svsmlab COMMAND: interrupted". */
void interrupt_catch(const char *command);

#endif
