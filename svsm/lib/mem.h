/*
 * mem.h: byte helpers for a module that has no C library.
 *
 * The module is freestanding, so it carries its own memset, memcpy and
 * memcmp. Guest requests and VMSA fields are little-endian byte strings;
 * the load and store helpers turn them into integers without depending on
 * the byte order or the alignment rules of the machine the module runs on.
 */
#ifndef SVSM_LIB_MEM_H
#define SVSM_LIB_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void mem_set(void *dst, int byte, size_t n);
void mem_copy(void *dst, const void *src, size_t n);
bool mem_equal(const void *a, const void *b, size_t n);

uint16_t load_le16(const uint8_t *p);
uint64_t load_le64(const uint8_t *p);
void store_le16(uint8_t *p, uint16_t v);
void store_le32(uint8_t *p, uint32_t v);
void store_le64(uint8_t *p, uint64_t v);

#endif
