/*
 * graph.c: the state graph a search explored.
 *
 * States are the search's state keys (explorer/check/state.c), so a state
 * reached along two paths is one node; each move the search carried out
 * is an edge labelled with the move. A search can meet hundreds of
 * thousands of states, far more than Graphviz lays out in reasonable time,
 * so only the first max_edges distinct edges are kept (and the rest
 * counted). The counterexample's path is drawn in red; a step of it that
 * was not kept is drawn dashed.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "dot.h"

struct graph_edge {
	uint64_t from, to;
	char *label;
	bool violation;
};

/* A set of 64-bit hashes, open addressing; 0 marks an empty slot. */
struct keyset {
	uint64_t *slot;
	size_t cap;
};

static int keyset_init(struct keyset *k, size_t n)
{
	k->cap = 16;
	while (k->cap < 2 * n)
		k->cap *= 2;
	k->slot = calloc(k->cap, sizeof(*k->slot));
	return k->slot ? 0 : -1;
}

/* Adds h (never 0 once adjusted); true when it was there already. */
static bool keyset_add(struct keyset *k, uint64_t h)
{
	h = h ? h : 1;
	size_t mask = k->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		if (k->slot[i] == h)
			return true;
		if (k->slot[i] == 0) {
			k->slot[i] = h;
			return false;
		}
	}
}

struct state_graph {
	struct graph_edge *edge;
	size_t n, max;
	unsigned long dropped;
	struct keyset seen;          /* hashes of the edges kept */
};

struct state_graph *state_graph_new(size_t max_edges)
{
	struct state_graph *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->max = max_edges;
	g->edge = calloc(max_edges ? max_edges : 1, sizeof(*g->edge));
	if (!g->edge || keyset_init(&g->seen, max_edges) != 0) {
		state_graph_free(g);
		return NULL;
	}
	return g;
}

static uint64_t edge_hash(uint64_t from, uint64_t to, const char *label)
{
	return hash_bytes(hash_u64(hash_u64(0, from), to), label, strlen(label));
}

void state_graph_edge(void *arg, uint64_t from, uint64_t to, const char *label, bool violation)
{
	struct state_graph *g = arg;
	if (g->n == g->max) {
		g->dropped++;
		return;
	}
	if (keyset_add(&g->seen, edge_hash(from, to, label)))
		return;
	char *copy = strdup(label);
	if (!copy) {
		g->dropped++;
		return;
	}
	g->edge[g->n++] = (struct graph_edge){ from, to, copy, violation };
}

static bool path_edge(const uint64_t *path, size_t npath, uint64_t from, uint64_t to)
{
	for (size_t i = 0; i + 1 < npath; i++)
		if (path[i] == from && path[i + 1] == to)
			return true;
	return false;
}

static bool drawn(const struct state_graph *g, uint64_t from, uint64_t to)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->edge[i].from == from && g->edge[i].to == to)
			return true;
	return false;
}

/* Each state once: the start as "start", the others by a short form of their key. */
static void write_node(FILE *out, struct keyset *written, uint64_t key, bool start, bool red)
{
	if (keyset_add(written, key))
		return;
	if (start)
		fprintf(out, "  s%016" PRIx64 " [label=\"start\", shape=doublecircle];\n", key);
	else
		fprintf(out, "  s%016" PRIx64 " [label=\"%06" PRIx64 "\"%s];\n", key, key & 0xffffff,
		        red ? ", color=red, fontcolor=red, style=bold" : "");
}

static void write_edge(FILE *out, uint64_t from, uint64_t to, const char *label,
                       const char *style)
{
	fprintf(out, "  s%016" PRIx64 " -> s%016" PRIx64 " [label=\"", from, to);
	for (const char *c = label; *c; c++)
		fprintf(out, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
	fprintf(out, "\"%s];\n", style);
}

void state_graph_write(FILE *out, const struct state_graph *g, const uint64_t *path,
                       size_t npath)
{
	static const char red[] = ", color=red, fontcolor=red, penwidth=2";
	uint64_t start = npath ? path[0] : g->n ? g->edge[0].from : 0;
	struct keyset written;
	if (keyset_init(&written, 2 * g->n + npath) != 0)
		return;
	fputs("digraph states {\n  rankdir=TB;\n  node [shape=circle, fontname=\"monospace\", "
	      "fontsize=9, width=0.3];\n  edge [fontname=\"monospace\", fontsize=8];\n", out);
	write_node(out, &written, start, true, false);
	for (size_t i = 0; i < npath; i++)
		write_node(out, &written, path[i], path[i] == start, true);
	for (size_t i = 0; i < g->n; i++) {
		const struct graph_edge *e = &g->edge[i];
		write_node(out, &written, e->from, e->from == start, false);
		write_node(out, &written, e->to, e->to == start, e->violation);
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct graph_edge *e = &g->edge[i];
		bool hot = e->violation || path_edge(path, npath, e->from, e->to);
		write_edge(out, e->from, e->to, e->label, hot ? red : "");
	}
	for (size_t i = 0; i + 1 < npath; i++)
		if (!drawn(g, path[i], path[i + 1]))
			write_edge(out, path[i], path[i + 1], "(not kept)", ", color=red, style=dashed");
	if (g->dropped)
		fprintf(out, "  dropped [shape=note, label=\"%lu more moves not drawn\"];\n",
		        g->dropped);
	fputs("}\n", out);
	free(written.slot);
}

void state_graph_free(struct state_graph *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++)
		free(g->edge[i].label);
	free(g->edge);
	free(g->seen.slot);
	free(g);
}
