/*
 * memory.c: system memory holds ciphertext. Each byte is XORed with a
 * keystream that depends on the key (the guest's ASID, 0 for none) and the
 * SPA, like SNP's address-tweaked encryption: the hypervisor (key 0) sees
 * ciphertext of private pages, a different guest sees garbage, and the same
 * guest sees the same plaintext at the same SPA whatever GPA maps it.
 *
 * Spans may cross pages (each page is handled on its own); a span that
 * does not lie inside memory is ignored by machine_mem_write and reads as zeros.
 */
#include <stdlib.h>
#include <string.h>

#include "machine.h"

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

/* The keystream at the 8-byte word of spa: byte b of the result is the byte at word + b. */
static uint64_t keystream_word(uint32_t key, uint64_t spa)
{
	return splitmix64((uint64_t)key * 0x9E3779B97F4A7C15ull ^ (spa & ~7ull));
}

/*
 * Every private access of the guest and of the module goes through the
 * keystream of the machine's ASID, and computing it was most of what an
 * access cost (the module reads the request page whole at every call).
 * So it is kept, each page computed when first used: ready says which.
 */
struct machine_keystream {
	uint32_t key;
	uint64_t ready[MACHINE_DIRTY_WORDS];
	uint8_t bytes[];                     /* npages * PAGE_SIZE */
};

struct machine_keystream *machine_keystream_new(const struct machine *m)
{
	struct machine_keystream *ks = malloc(sizeof(*ks) + (size_t)m->npages * PAGE_SIZE);
	if (ks) {
		ks->key = m->asid;
		memset(ks->ready, 0, sizeof(ks->ready));
	}
	return ks;
}

/* The kept keystream of page, if key is the one kept (a machine copied with another ASID is not). */
static const uint8_t *kept_page(const struct machine *m, uint32_t key, uint64_t page)
{
	struct machine_keystream *ks = m->keystream;
	if (!ks || ks->key != key || page >= m->npages)
		return NULL;
	uint8_t *bytes = ks->bytes + page * PAGE_SIZE;
	uint64_t bit = 1ull << (page % 64);
	if (!(ks->ready[page / 64] & bit)) {
		for (unsigned off = 0; off < PAGE_SIZE; off += 8) {
			uint64_t w = keystream_word(key, page * PAGE_SIZE + off);
			for (unsigned b = 0; b < 8; b++)
				bytes[off + b] = (uint8_t)(w >> (8 * b));
		}
		ks->ready[page / 64] |= bit;
	}
	return bytes;
}

/* out[i] = in[i] ^ k[i] for len bytes, a word at a time. */
static void xor_bytes(uint8_t *out, const uint8_t *in, const uint8_t *k, size_t len)
{
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t a, b;
		memcpy(&a, in + i, 8);
		memcpy(&b, k + i, 8);
		a ^= b;
		memcpy(out + i, &a, 8);
	}
	for (; i < len; i++)
		out[i] = in[i] ^ k[i];
}

/*
 * out[i] = in[i] ^ the keystream at spa + i, for a span within one page:
 * encryption and decryption alike.
 */
static void crypt_page(const struct machine *m, uint8_t *out, const uint8_t *in, uint64_t spa,
                       size_t len, uint32_t key)
{
	if (key == 0) {
		memcpy(out, in, len);
		return;
	}
	const uint8_t *kept = kept_page(m, key, spa >> PAGE_SHIFT);
	if (kept) {
		xor_bytes(out, in, kept + (spa & (PAGE_SIZE - 1)), len);
		return;
	}
	for (size_t i = 0; i < len; i++)
		out[i] = in[i] ^ (uint8_t)(keystream_word(key, spa + i) >> (8 * ((spa + i) & 7)));
}

static bool span_valid(const struct machine *m, uint64_t spa, size_t len)
{
	uint64_t size = (uint64_t)m->npages * PAGE_SIZE;
	return spa <= size && len <= size - spa;
}

void machine_mem_read(const struct machine *m, uint64_t spa, void *buf, size_t len, uint32_t key)
{
	uint8_t *out = buf;
	if (!span_valid(m, spa, len)) {
		memset(out, 0, len);
		return;
	}
	while (len > 0) {
		size_t n = PAGE_SIZE - (spa & (PAGE_SIZE - 1));
		n = n < len ? n : len;
		crypt_page(m, out, m->mem + spa, spa, n, key);
		spa += n;
		out += n;
		len -= n;
	}
}

void machine_mem_write(struct machine *m, uint64_t spa, const void *buf, size_t len,
                       uint32_t key, uint8_t label)
{
	const uint8_t *in = buf;
	if (!span_valid(m, spa, len))
		return;
	while (len > 0) {
		uint64_t page = spa >> PAGE_SHIFT;
		size_t off = spa & (PAGE_SIZE - 1);
		size_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		crypt_page(m, m->mem + spa, in, spa, n, key);
		/* A partial write mixes old and new bytes: only parties allowed both may learn the page. */
		if (n == PAGE_SIZE)
			m->label[page] = label;
		else
			m->label[page] &= label;
		machine_mark(m, DIRTY_PAGE, (unsigned)page);
		spa += n;
		in += n;
		len -= n;
	}
}
