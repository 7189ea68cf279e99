/*
 * dot.h: traces and state graphs drawn with Graphviz.
 *
 *   sequence.c  a trace as a sequence diagram: one lane per actor, one node
 *               per event in step order, the failed check in red
 *   graph.c     the states `svsmlab check` explored and the moves between
 *               them, the counterexample's path in red
 *   render.c    running Graphviz's `dot` to turn DOT into SVG or PNG
 *   cli.c       `svsmlab dot FILE [-T svg|png] [-o OUT]`
 */
#ifndef DOT_DOT_H
#define DOT_DOT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "../trace/trace.h"

/* Replay the trace on a fresh machine and draw what happened. 0, or -1 with err. */
int dot_sequence(FILE *out, const struct trace *t, char *err, size_t errlen);

/* The states and moves of a search, as check_options.on_edge reports them. */
struct state_graph;
/* At most max_edges distinct moves are kept; the rest are counted. NULL out of memory. */
struct state_graph *state_graph_new(size_t max_edges);
/* A check_edge_fn: arg is the struct state_graph. */
void state_graph_edge(void *arg, uint64_t from, uint64_t to, const char *label, bool violation);
/* Write the graph; the states of path (from the start) are drawn in red. */
void state_graph_write(FILE *out, const struct state_graph *g, const uint64_t *path,
                       size_t npath);
void state_graph_free(struct state_graph *g);

/*
 * A pipe into `dot -T format -o out` (out NULL: its standard output).
 * NULL with err when it cannot be started; dot_pipe_close() says whether
 * Graphviz succeeded (0) or not (-1 with err).
 */
FILE *dot_pipe_open(const char *format, const char *out, pid_t *pid, char *err, size_t errlen);
int dot_pipe_close(FILE *pipe, pid_t pid, char *err, size_t errlen);

/* `svsmlab dot FILE [-T svg|png] [-o OUT]`; returns the exit status. */
int dot_main(int argc, char **argv);

#endif
