/*
 * hal_sim.c: the HAL of svsm/hal.h over the machine model.
 *
 * Every call follows the same four beats:
 *   1. yield: the scheduler (and through it the hypervisor, other vCPUs or
 *      the guest) may act before the call takes effect;
 *   2. preconditions: the ghost checks of explorer/ghost/ on the state the
 *      call is about to act on;
 *   3. effect: the machine executes the call at VMPL0;
 *   4. record: the event and its outcome join the trace, and the global
 *      invariants are checked on the new state.
 * Besides, the data-race check (explorer/ghost/race.h) is told which CPU's
 * module code runs when a call returns to it, the lock's edges, and the
 * guest memory each call read or wrote.
 */
#include <string.h>

#include "sim.h"
#include "../ghost/ghost.h"

#define MODULE_VMPL 0

static struct sim_event begin(struct hal_cpu *cpu, enum sim_op op, struct hal_site site,
                              uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct sim *s = cpu->sim;
	struct sim_event ev = { .step = s->rec.step, .actor = ACTOR_MODULE, .vcpu = cpu->index,
	                        .op = op, .args = { a0, a1, a2 }, .site = site };
	if (s->on_yield)
		s->on_yield(s, &ev, s->yield_arg);
	race_run(&s->race, cpu->index);   /* other CPUs may have run in the yield */
	return ev;
}

/* A call's access to guest memory, for the race check, if it took place. */
static void touched(struct hal_cpu *cpu, const struct sim_event *ev, uint64_t gpa, size_t len,
                    bool write, struct hw_result r)
{
	if (hw_succeeded(r))
		race_guest_access(&cpu->sim->race, cpu->index, gpa, len, write, ev->site);
}

static struct hw_result end(struct hal_cpu *cpu, struct sim_event *ev, struct hw_result out)
{
	ev->out = out;
	sim_record(cpu->sim, ev);
	return out;
}

/* Ghost owners of guest RAM follow PVALIDATE: validated means the guest's. */
static void track_validation(struct sim *s, uint64_t gpa, unsigned size, bool validate)
{
	unsigned n = size == PSIZE_2M ? PAGES_PER_2M : 1;
	for (unsigned i = 0; i < n; i++) {
		uint64_t page = (gpa >> PAGE_SHIFT) + i;
		if (page >= MACHINE_MAX_PAGES)
			return;
		if (validate && s->ghost.owner[page] == OWNER_SHARED)
			ghost_set_owner(&s->ghost, page, OWNER_GUEST);
		else if (!validate && s->ghost.owner[page] == OWNER_GUEST)
			ghost_set_owner(&s->ghost, page, OWNER_SHARED);
	}
}

/*
 * The preconditions of PVALIDATE and RMPADJUST are about what the
 * instruction does. When the hardware refuses it (a fault, an error code,
 * or CF: nothing changed), nothing happened, so their reports are taken
 * back. The module may rely on that refusal: it is how SNP protects a page
 * the hypervisor swapped in between two of the module's steps.
 */
static void settle(struct sim *s, unsigned reported_before, struct hw_result r)
{
	if (!hw_succeeded(r) || r.cf)
		s->rec.nviolations = reported_before;
}

struct hw_result hal_pvalidate_at(struct hal_cpu *cpu, struct hal_site site,
                                  uint64_t gpa, unsigned size, bool validate)
{
	struct sim_event ev = begin(cpu, OP_PVALIDATE, site, gpa, size, validate);
	unsigned before = cpu->sim->rec.nviolations;
	pre_pvalidate(GHOST(cpu->sim), cpu->index, site, gpa, size, validate);
	struct hw_result r = machine_pvalidate(&cpu->sim->m, MODULE_VMPL, gpa, size, validate);
	settle(cpu->sim, before, r);
	pre_asked(GHOST(cpu->sim), cpu->index, site, OP_PVALIDATE, gpa, size, validate);
	if (hw_succeeded(r) && !r.cf)
		track_validation(cpu->sim, gpa, size, validate);
	return end(cpu, &ev, r);
}

struct hw_result hal_rmpadjust_at(struct hal_cpu *cpu, struct hal_site site,
                                  uint64_t gpa, unsigned size, uint64_t attrs)
{
	struct sim_event ev = begin(cpu, OP_RMPADJUST, site, gpa, size, attrs);
	unsigned before = cpu->sim->rec.nviolations;
	pre_rmpadjust(GHOST(cpu->sim), cpu->index, site, gpa, size, attrs);
	struct hw_result r = machine_rmpadjust(&cpu->sim->m, MODULE_VMPL, gpa, size, attrs);
	settle(cpu->sim, before, r);
	pre_asked(GHOST(cpu->sim), cpu->index, site, OP_RMPADJUST, gpa, size, false);
	return end(cpu, &ev, r);
}

struct hw_result hal_read_guest_at(struct hal_cpu *cpu, struct hal_site site,
                                   uint64_t gpa, void *buf, size_t len)
{
	struct sim_event ev = begin(cpu, OP_READ_GUEST, site, gpa, len, 0);
	pre_read_guest(GHOST(cpu->sim), cpu->index, site, gpa, len);
	struct hw_result r = machine_read(&cpu->sim->m, MODULE_VMPL, gpa, true, buf, len);
	touched(cpu, &ev, gpa, len, false, r);
	return end(cpu, &ev, r);
}

/* The module only writes data it computed from public inputs. */
struct hw_result hal_write_guest_at(struct hal_cpu *cpu, struct hal_site site,
                                    uint64_t gpa, const void *buf, size_t len)
{
	struct sim_event ev = begin(cpu, OP_WRITE_GUEST, site, gpa, len, 0);
	pre_write_guest(GHOST(cpu->sim), cpu->index, site, gpa);
	struct hw_result r = machine_write(&cpu->sim->m, MODULE_VMPL, gpa, true, buf, len,
	                                   LABEL_PUBLIC);
	touched(cpu, &ev, gpa, len, true, r);
	return end(cpu, &ev, r);
}

struct hw_result hal_zero_page_at(struct hal_cpu *cpu, struct hal_site site, uint64_t gpa)
{
	static const uint8_t zeros[PAGE_SIZE];
	struct sim_event ev = begin(cpu, OP_ZERO_PAGE, site, gpa, 0, 0);
	struct hw_result r = { .rc = HW_FAIL_INPUT };
	if (PAGE_ALIGNED(gpa))
		r = machine_write(&cpu->sim->m, MODULE_VMPL, gpa, true, zeros, PAGE_SIZE,
		                  LABEL_PUBLIC);
	touched(cpu, &ev, gpa, PAGE_SIZE, true, r);
	return end(cpu, &ev, r);
}

struct hw_result hal_vmsa_read_at(struct hal_cpu *cpu, struct hal_site site,
                                  uint64_t vmsa_gpa, unsigned off, void *buf, size_t len)
{
	struct sim_event ev = begin(cpu, OP_VMSA_READ, site, vmsa_gpa, off, len);
	struct hw_result r = { .rc = HW_FAIL_INPUT };
	if (PAGE_ALIGNED(vmsa_gpa) && off < PAGE_SIZE)
		r = machine_read(&cpu->sim->m, MODULE_VMPL, vmsa_gpa + off, true, buf, len);
	touched(cpu, &ev, vmsa_gpa + off, len, false, r);
	return end(cpu, &ev, r);
}

struct hw_result hal_vmsa_write_at(struct hal_cpu *cpu, struct hal_site site,
                                   uint64_t vmsa_gpa, unsigned off, const void *buf, size_t len)
{
	struct sim_event ev = begin(cpu, OP_VMSA_WRITE, site, vmsa_gpa, off, len);
	struct hw_result r = { .rc = HW_FAIL_INPUT };
	if (PAGE_ALIGNED(vmsa_gpa) && off < PAGE_SIZE)
		r = machine_write(&cpu->sim->m, MODULE_VMPL, vmsa_gpa + off, true, buf, len,
		                  LABEL_PUBLIC);
	touched(cpu, &ev, vmsa_gpa + off, len, true, r);
	return end(cpu, &ev, r);
}

struct hw_result hal_caa_read_pending_at(struct hal_cpu *cpu, struct hal_site site,
                                         uint64_t caa_gpa, uint8_t *pending)
{
	struct sim_event ev = begin(cpu, OP_CAA_READ_PENDING, site, caa_gpa, 0, 0);
	pre_caa(GHOST(cpu->sim), cpu->index, site, caa_gpa);
	*pending = 0;
	struct hw_result r = machine_read(&cpu->sim->m, MODULE_VMPL, caa_gpa + CAA_CALL_PENDING,
	                                  true, pending, 1);
	touched(cpu, &ev, caa_gpa + CAA_CALL_PENDING, 1, false, r);
	return end(cpu, &ev, r);
}

struct hw_result hal_caa_clear_pending_at(struct hal_cpu *cpu, struct hal_site site,
                                          uint64_t caa_gpa)
{
	static const uint8_t zero;
	struct sim_event ev = begin(cpu, OP_CAA_CLEAR_PENDING, site, caa_gpa, 0, 0);
	pre_caa(GHOST(cpu->sim), cpu->index, site, caa_gpa);
	struct hw_result out = machine_write(&cpu->sim->m, MODULE_VMPL, caa_gpa + CAA_CALL_PENDING,
	                                     true, &zero, 1, LABEL_PUBLIC);
	struct sim_call *c = &cpu->sim->calls[cpu->index];
	if (c->active && caa_gpa == c->caa_gpa && out.fault == FAULT_NONE)
		c->answered = true;
	touched(cpu, &ev, caa_gpa + CAA_CALL_PENDING, 1, true, out);
	return end(cpu, &ev, out);
}

/*
 * Locks. A CPU that finds the lock held waits while the scheduler runs
 * the others (sim->wait). Without a scheduler nobody else can run, so the
 * wait would never end: that is reported as a deadlock instead.
 */
void hal_lock_at(struct hal_cpu *cpu, struct hal_site site, hal_lock_t *lock)
{
	struct sim *s = cpu->sim;
	struct sim_event ev = begin(cpu, OP_LOCK, site, lock->holder, 0, 0);
	if (!clause_lock_not_held(lock->holder, cpu->index))
		report_clause(&s->rec, CLAUSE_LOCK_NOT_HELD, site, cpu->index,
		           "vCPU %u takes a lock it already holds", cpu->index);
	while (lock->holder != 0 && lock->holder != cpu->index + 1) {
		if (s->wait && s->wait(s, cpu->index, lock, s->wait_arg))
			continue;
		report_clause(&s->rec, CLAUSE_LOCK_NOT_HELD, site, cpu->index,
		           "vCPU %u waits for a lock held by vCPU %u, which cannot run",
		           cpu->index, lock->holder - 1);
		break;
	}
	lock->holder = cpu->index + 1;
	race_run(&s->race, cpu->index);   /* others ran while it waited */
	race_acquire(&s->race, cpu->index, lock);
	end(cpu, &ev, (struct hw_result){ 0 });
}

void hal_unlock_at(struct hal_cpu *cpu, struct hal_site site, hal_lock_t *lock)
{
	struct sim_event ev = begin(cpu, OP_UNLOCK, site, lock->holder, 0, 0);
	if (!clause_unlock_own_lock(lock->holder, cpu->index))
		report_clause(&cpu->sim->rec, CLAUSE_UNLOCK_OWN_LOCK, site, cpu->index,
		           "vCPU %u releases a lock it does not hold", cpu->index);
	race_release(&cpu->sim->race, cpu->index, lock);
	lock->holder = 0;
	end(cpu, &ev, (struct hw_result){ 0 });
}

unsigned hal_cpu_index(struct hal_cpu *cpu)
{
	return cpu->index;
}

void hal_ghost_own_at(struct hal_cpu *cpu, struct hal_site site, uint64_t gpa,
                      enum ghost_owner to)
{
	struct sim_event ev = begin(cpu, OP_GHOST_OWN, site, gpa, to, 0);
	if (pre_ghost_own(GHOST(cpu->sim), cpu->index, site, gpa, to))
		ghost_set_owner(&cpu->sim->ghost, gpa >> PAGE_SHIFT, (uint8_t)to);
	end(cpu, &ev, (struct hw_result){ 0 });
}
