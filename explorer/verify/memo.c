/*
 * memo.c: terms that outlive a path's levels, found again by what they
 * were made of.
 *
 * The paths of a case (and, with two vCPUs, their many interleavings)
 * pass through the same machines again and again: the same concrete
 * state is encoded, and the same clause is instantiated over it, once per
 * step that reaches it. Both are pure functions of their inputs, so the
 * second time is a look-up. A key is bytes: for a machine its tables,
 * for an instance the ids of the terms it was made from, which the memo
 * holds (a term that is alive keeps its id; Z3 hands out a released id
 * again). The memo belongs to one context (struct vq's specs) and lives
 * as long as it; when it is full it is emptied, which costs only time.
 */
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

#define MEMO_SLOTS 8192   /* at most half of them used */

struct memo_entry {
	uint64_t hash;
	size_t len;
	unsigned char *key;
	unsigned nterms;
	Z3_ast *terms;
};

struct vmemo {
	Z3_context ctx;
	struct memo_entry slot[MEMO_SLOTS];
	unsigned used;
	unsigned long hits, misses;
};

/*
 * A word at a time: a machine's key is 32 KiB, hashed at every step that
 * encodes one, where FNV-1a's byte at a time was 3% of a run (perf). Each
 * word is mixed in by a multiply and a shift; the hash only places a key,
 * which memcmp then compares whole.
 */
uint64_t memo_hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 0xcbf29ce484222325ull ^ len;
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	for (; len > 0; p++, len--)
		h = (h ^ *p) * 0x100000001b3ull;
	return h ^ (h >> 32);
}

struct vmemo *vmemo_open(Z3_context c)
{
	struct vmemo *m = calloc(1, sizeof(*m));
	if (m)
		m->ctx = c;
	return m;
}

void vmemo_forget(struct vmemo *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < MEMO_SLOTS; i++) {
		struct memo_entry *e = &m->slot[i];
		if (!e->key)
			continue;
		for (unsigned j = 0; j < e->nterms; j++)
			Z3_dec_ref(m->ctx, e->terms[j]);
		free(e->key);
		free(e->terms);
		*e = (struct memo_entry){ 0 };
	}
	m->used = 0;
}

void vmemo_close(struct vmemo *m)
{
	vmemo_forget(m);
	free(m);
}

/* The slot of key: where it is, or the empty one where it would go. */
static struct memo_entry *slot_of(struct vmemo *m, uint64_t h, const void *key, size_t len)
{
	for (unsigned i = (unsigned)(h % MEMO_SLOTS);; i = (i + 1) % MEMO_SLOTS) {
		struct memo_entry *e = &m->slot[i];
		if (!e->key || (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0))
			return e;
	}
}

const Z3_ast *vmemo_get(struct vmemo *m, const void *key, size_t len)
{
	if (!m)
		return NULL;
	struct memo_entry *e = slot_of(m, memo_hash(key, len), key, len);
	if (!e->key) {
		m->misses++;
		return NULL;
	}
	m->hits++;
	return e->terms;
}

void vmemo_put(struct vmemo *m, const void *key, size_t len, const Z3_ast *terms,
               unsigned nterms)
{
	if (!m)
		return;
	if (2 * (m->used + 1) > MEMO_SLOTS)
		vmemo_forget(m);
	uint64_t h = memo_hash(key, len);
	struct memo_entry *e = slot_of(m, h, key, len);
	if (e->key)
		return;   /* there already */
	unsigned char *k = malloc(len ? len : 1);
	Z3_ast *t = malloc((nterms ? nterms : 1) * sizeof(*t));
	if (!k || !t) {
		free(k);
		free(t);
		return;   /* not remembered: made again next time */
	}
	memcpy(k, key, len);
	for (unsigned j = 0; j < nterms; j++) {
		t[j] = terms[j];
		Z3_inc_ref(m->ctx, t[j]);
	}
	*e = (struct memo_entry){ .hash = h, .len = len, .key = k, .nterms = nterms, .terms = t };
	m->used++;
}
