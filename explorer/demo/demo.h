/*
 * demo.h: `svsmlab demo`, the verifier's story of the catalog's first bug.
 *
 *   demo.c     the command and its three acts: verify the correct module,
 *              verify it with the bug, replay what verify proved
 *   replay.c   the third act: the counterexample step by step, with notes
 *   demo_trace.c  the explorer's built-in trace (demo_trace.h)
 */
#ifndef DEMO_DEMO_H
#define DEMO_DEMO_H

#include <stdio.h>

/* `svsmlab demo [options]`; returns the exit status. */
int demo_main(int argc, char **argv);

/*
 * Replay the trace file at path on a fresh machine, printing each event as
 * `svsmlab run --trace` does, with a note under every move of the
 * hypervisor and every check that fires; then the guest reads the VMPCK0
 * slot of every guest page that leads to the module's secrets page.
 * 0 when every step replayed and the trace's expected clause fired, else
 * -1 (the reason is printed to out).
 */
int demo_replay(FILE *out, const char *path);

#endif
