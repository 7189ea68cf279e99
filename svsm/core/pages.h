/*
 * pages.h: what the module knows about guest-physical pages.
 *
 * Three kinds of knowledge, all kept in struct svsm:
 *   where an address lies: guest RAM, the module's own memory, or neither;
 *   which guest pages the module validated (the validated bitmap);
 *   which pages the module holds for itself: registered VMSAs and CAAs
 *   (registry.h) and the pool of deposited pages.
 * The module refuses any guest-supplied address it does not know to be
 * the guest's: the hardware cannot tell it, since to the RMP the module's
 * pages and the guest's pages belong to the same guest.
 */
#ifndef SVSM_CORE_PAGES_H
#define SVSM_CORE_PAGES_H

#include "../svsm.h"

/* Bytes in a page of size PSIZE_4K or PSIZE_2M. */
uint64_t psize_bytes(unsigned size);

/* Does [gpa, gpa+len) lie wholly in guest RAM? In the module's memory? */
bool in_guest_ram(const struct svsm *sv, uint64_t gpa, uint64_t len);
bool in_module(const struct svsm *sv, uint64_t gpa, uint64_t len);
/*
 * May the guest name [gpa, gpa+len) as a page whose RMP state the module
 * changes for it (PVALIDATE, a new VMSA)? Guest RAM only.
 */
bool rmp_target_allowed(const struct svsm *sv, uint64_t gpa, uint64_t len);

/* How many pages of [gpa, gpa+len) the validated bitmap holds. */
enum coverage { COVER_NONE, COVER_SOME, COVER_ALL };
enum coverage validated_in(const struct svsm *sv, uint64_t gpa, uint64_t len);
void mark_validated(struct svsm *sv, uint64_t gpa, uint64_t len, bool on);

/* The pool: validated guest pages the module holds (memory.c, validate.c). */
bool in_pool(const struct svsm *sv, uint64_t gpa);
void pool_add(struct svsm *sv, uint64_t gpa);
void pool_remove(struct svsm *sv, uint64_t gpa);
/* The lowest page in the pool; false if the pool is empty. */
bool pool_first(const struct svsm *sv, uint64_t *gpa);

/* Is any page of [gpa, gpa+len) a registered VMSA or CAA, or in the pool? */
bool held_by_module(const struct svsm *sv, uint64_t gpa, uint64_t len);

#endif
