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
#include <string.h>

#include "machine.h"

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

static uint8_t keystream(uint32_t key, uint64_t spa)
{
	if (key == 0)
		return 0;
	uint64_t word = splitmix64((uint64_t)key * 0x9E3779B97F4A7C15ull ^ (spa & ~7ull));
	return (uint8_t)(word >> (8 * (spa & 7)));
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
	for (size_t i = 0; i < len; i++)
		out[i] = m->mem[spa + i] ^ keystream(key, spa + i);
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
		for (size_t i = 0; i < n; i++)
			m->mem[spa + i] = in[i] ^ keystream(key, spa + i);
		/* A partial write mixes old and new bytes: only parties allowed both may learn the page. */
		if (n == PAGE_SIZE)
			m->label[page] = label;
		else
			m->label[page] &= label;
		spa += n;
		in += n;
		len -= n;
	}
}
