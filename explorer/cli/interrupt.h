/*
 * interrupt.h: Ctrl-C and the long commands.
 *
 * check, demo and verify run for minutes, and Z3 would take SIGINT for
 * itself and cancel only the query it is in (explorer/verify turns that
 * off). Two ways to stop:
 *
 *   at once     (check, demo) a run that was interrupted has no verdict:
 *               the command says so, removes the output file it was
 *               writing (output.h), and dies of SIGINT, so that the shell
 *               sees status 130 (EXIT_INTERRUPTED) and a script stops too
 *   cleanly     (verify) SIGINT only raises a flag; the command reads it
 *               between two steps of its run and stops there with what it
 *               has: verify's cases finished keep their verdicts, the
 *               others get none, and it exits 1 (a run not verified);
 *               Ctrl-C again a second later stops it at once
 */
#ifndef CLI_INTERRUPT_H
#define CLI_INTERRUPT_H

#include <stdbool.h>

/* From now on SIGINT stops the process with "svsmlab COMMAND: interrupted". */
void interrupt_catch(const char *command);
/*
 * From now on SIGINT only sets the flag interrupt_requested() reads (a
 * second one at once too: timeout(1) sends two); one a second or more
 * after the first stops the process as interrupt_catch's would.
 */
void interrupt_flag(const char *command);
bool interrupt_requested(void);

#endif
