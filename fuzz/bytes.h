/*
 * bytes.h: reading a fuzzer's input as a stream of numbers.
 *
 * A harness takes whatever bytes the fuzzer made up, so a read past the
 * end must not be an error: it gives zeros, and bytes_left() says when the
 * input is used up. Every read is little-endian, as the machine's memory.
 */
#ifndef FUZZ_BYTES_H
#define FUZZ_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bytes {
	const uint8_t *p;
	size_t n;            /* bytes not read yet */
};

static inline bool bytes_left(const struct bytes *b)
{
	return b->n > 0;
}

uint8_t bytes_u8(struct bytes *b);
uint64_t bytes_u64(struct bytes *b);
/* Up to want bytes, in place: *out points into the input. Returns how many. */
size_t bytes_take(struct bytes *b, size_t want, const uint8_t **out);

#endif
