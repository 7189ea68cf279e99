/*
 * bitmap.c: one bit per page (see bitmap.h).
 */
#include "bitmap.h"

bool bitmap_test(const uint8_t *map, size_t nbits, uint64_t bit)
{
	if (bit >= nbits)
		return false;
	return (map[bit / 8] >> (bit % 8)) & 1u;
}

void bitmap_assign(uint8_t *map, size_t nbits, uint64_t bit, bool on)
{
	if (bit >= nbits)
		return;
	uint8_t mask = (uint8_t)(1u << (bit % 8));
	if (on)
		map[bit / 8] |= mask;
	else
		map[bit / 8] &= (uint8_t)~mask;
}
