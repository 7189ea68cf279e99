/*
 * case_builder.h: the steps the verifier's cases are built from, shared by
 * inputs.c (which builds the list) and the case lists beside it
 * (cases_single.c, cases_pair.c, cases_2m.c). Internal to explorer/verify/.
 *
 * A case is a setup (guest writes and earlier calls, run plainly), then the
 * calls verified, and the guest pages the hypervisor's scope starts with;
 * the steps below add one of each to a case. A NULL case (the list could
 * not grow) is taken and ignored, so that a list is written straight
 * through and the failure reported once, at the end.
 */
#ifndef SVSMLAB_VERIFY_CASE_BUILDER_H
#define SVSMLAB_VERIFY_CASE_BUILDER_H

#include "verifier.h"

#define REQ        0x9000ull    /* where the guest writes its page lists */
#define REQ_VCPU1  0x9800ull    /* vCPU 1's list, in the same page */
#define PAGE_A     0x20000ull   /* guest pages the inputs are about */
#define PAGE_B     0x21000ull

/*
 * The APIC IDs of new vCPUs: CPUs of the machine (the module binds a VMSA
 * to the CPU with the APIC ID it is given) that no case starts, so that
 * even with --vcpus 2 a call creates a vCPU rather than replacing one.
 */
#define NEW_APIC 3
#define OTHER_APIC 2

/* The simulator's addresses the inputs are drawn from. */
struct layout_gpas {
	uint64_t module_pg;               /* a module page that is none of the three below */
	uint64_t secrets, boot_vmsa;      /* module pages */
	uint64_t boot_caa;                /* vCPU 0's Calling Area: the first guest page */
	uint64_t past_ram;                /* the first GPA past guest RAM */
	uint64_t last_ram;                /* the last page of guest RAM */
	uint64_t module_first, module_last; /* the first and last page of module memory */
	uint64_t vcpu1_vmsa;              /* a second vCPU's VMSA, as the guest brings it up */
	uint32_t asid;                    /* the guest's, which the hypervisor's RMPUPDATEs name */
};

/*
 * The GPA classes an address argument is drawn from (besides the page the
 * input is about): pages of each kind, and the edges of every range the
 * module checks: the first and last page of module memory and of guest
 * RAM, and the page just outside each (below module memory, at 0 in the
 * simulator, lies the address space's last page, where gpa + len wraps),
 * so that a range check off by one page, or one that wraps, meets one.
 */
#define NCLASSES 9
struct gpa_class {
	const char *name;
	uint64_t gpa;
};

struct builder {
	struct vcases *cs;
	const struct verify_options *o;
	struct layout_gpas at;
	struct gpa_class classes[NCLASSES];
	bool failed;
};

/* A new case for call on vcpus vCPUs, titled by fmt; NULL when out of memory. */
struct vcase *add_case(struct builder *b, uint32_t call, unsigned vcpus, const char *fmt, ...);

/* A step of the setup, as it is (a hypervisor's move, say). */
void push_step(struct builder *b, struct vcase *c, const struct trace_step *st);
/* Setup steps: guest writes, and earlier calls run plainly to their end. */
void write_bytes(struct builder *b, struct vcase *c, uint64_t gpa, const uint8_t *bytes,
                 size_t len);
void write_list(struct builder *b, struct vcase *c, uint64_t gpa, unsigned entries, unsigned next,
                const uint64_t *e, unsigned n);
void setup_call(struct builder *b, struct vcase *c, unsigned vcpu, uint32_t call,
                struct guest_args args);
void setup_pvalidate(struct builder *b, struct vcase *c, uint64_t entry);
void setup_rescind(struct builder *b, struct vcase *c, uint64_t gpa);
void setup_vmsa(struct builder *b, struct vcase *c, uint64_t gpa, unsigned vmpl, uint64_t efer,
                uint64_t features);
void setup_created(struct builder *b, struct vcase *c);
void setup_start(struct builder *b, struct vcase *c, unsigned vcpu, uint64_t vmsa, uint64_t caa);

/* The calls verified, the scope's pages, and the racing guest write. */
void add_call(struct vcase *c, unsigned vcpu, uint32_t call, struct guest_args args);
void add_page(const struct builder *b, struct vcase *c, uint64_t gpa);
void pvalidate_call(struct builder *b, struct vcase *c, unsigned vcpu, uint64_t req,
                    const uint64_t *e, unsigned n);
struct guest_args create_args(uint64_t vmsa, uint64_t caa, uint32_t apic);
void set_race(struct vcase *c, uint64_t gpa, uint64_t value, unsigned len);

/* b's addresses, read off a machine booted with the cases' configuration. 0, or -1 with err. */
int read_layout(struct builder *b, char *err, size_t errlen);
/* The cases of --inputs symbolic, with what they cover (symbolic.c). 0, or -1 with err. */
int symbolic_build(struct builder *b, char *err, size_t errlen);

/* Whether --handler asks for call's cases. */
bool handler_wanted(const struct verify_options *o, uint32_t call);

/* The case lists: one vCPU's calls per handler (cases_single.c), and the pairs (cases_pair.c). */
void pvalidate_cases(struct builder *b);
/* cases_2m.c: on the large machine */
void pvalidate_2m_cases(struct builder *b);
void create_vcpu_2m_cases(struct builder *b);
void create_vcpu_cases(struct builder *b);
void delete_vcpu_cases(struct builder *b);
void remap_ca_cases(struct builder *b);
void deposit_mem_cases(struct builder *b);
void withdraw_mem_cases(struct builder *b);
void query_cases(struct builder *b);
void pair_cases(struct builder *b);

#endif
