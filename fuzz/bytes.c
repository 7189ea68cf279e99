/*
 * bytes.c: the reader of fuzzer input (bytes.h).
 */
#include "bytes.h"

uint8_t bytes_u8(struct bytes *b)
{
	if (b->n == 0)
		return 0;
	b->n--;
	return *b->p++;
}

uint64_t bytes_u64(struct bytes *b)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < 8; i++)
		v |= (uint64_t)bytes_u8(b) << (8 * i);
	return v;
}

size_t bytes_take(struct bytes *b, size_t want, const uint8_t **out)
{
	size_t n = want < b->n ? want : b->n;
	*out = b->p;
	b->p += n;
	b->n -= n;
	return n;
}
