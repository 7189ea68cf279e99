/*
 * bitmap.h: one bit per page, for the module's page bookkeeping.
 *
 * The module tracks guest pages in bitmaps inside struct svsm (which
 * pages it validated, which it holds in its pool). A bit index past the
 * end reads as clear and cannot be set, so a bad index is never a wild
 * write into the module's state.
 */
#ifndef SVSM_LIB_BITMAP_H
#define SVSM_LIB_BITMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool bitmap_test(const uint8_t *map, size_t nbits, uint64_t bit);
void bitmap_assign(uint8_t *map, size_t nbits, uint64_t bit, bool on);

#endif
