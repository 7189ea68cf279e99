/*
 * inputs.c: the guest inputs each handler is verified for.
 *
 * The verifier enumerates what the module does with an input; the inputs
 * themselves come from a stated scope, printed with the result. A case is
 * one input: the guest's setup (writes of a request or a save area, and
 * any earlier calls that bring a page to the state the input needs, all
 * run plainly), then the call or calls verified. The addresses are drawn
 * from classes, each standing for every address that the module's checks
 * treat alike: a validated guest page, a guest page not validated, a
 * module page, the secrets page, the boot VMSA, the Calling Area, a
 * misaligned address, an address past guest RAM. docs/verify.md lists the
 * cases and argues for the classes.
 *
 * The module's pages, the Calling Area, the end of guest RAM and a second
 * vCPU's VMSA are read off a booted machine (explorer/sim/sim.c chooses
 * them, explorer/guest/ brings vCPUs up), so the inputs follow the
 * simulator's layout. The guest pages the inputs are about, and where the
 * guest writes its requests, are the verifier's own choice: pages of
 * guest RAM away from all of those (checked when the cases are built).
 *
 * The steps a case is built from are case_builder.c's; the case lists,
 * cases_single.c (one call at a time), cases_2m.c (2M pages, on a larger
 * machine) and cases_pair.c (two vCPUs).
 */
#include <stdlib.h>
#include <string.h>

#include "case_builder.h"

static const char *const handler_names[SVSM_CORE_NCALLS] = {
	[SVSM_CORE_REMAP_CA] = "remap_ca",         [SVSM_CORE_PVALIDATE] = "pvalidate",
	[SVSM_CORE_CREATE_VCPU] = "create_vcpu",   [SVSM_CORE_DELETE_VCPU] = "delete_vcpu",
	[SVSM_CORE_DEPOSIT_MEM] = "deposit_mem",   [SVSM_CORE_WITHDRAW_MEM] = "withdraw_mem",
	[SVSM_CORE_QUERY_PROTOCOL] = "query_protocol",
	[SVSM_CORE_CONFIGURE_VTOM] = "configure_vtom",
};

const char *inputs_handler_name(uint32_t call)
{
	return call < SVSM_CORE_NCALLS ? handler_names[call] : "?";
}

bool inputs_handler_known(const char *name)
{
	for (unsigned i = 0; i < SVSM_CORE_NCALLS; i++)
		if (strcmp(handler_names[i], name) == 0)
			return true;
	return false;
}

/* The cases whose title holds text move to the front, in their order; the others follow in theirs. */
static void put_first(struct vcases *cs, const char *text)
{
	if (!text)
		return;
	unsigned front = 0;
	for (unsigned i = 0; i < cs->n; i++) {
		if (!strstr(cs->c[i].title, text))
			continue;
		struct vcase c = cs->c[i];
		memmove(&cs->c[front + 1], &cs->c[front], (i - front) * sizeof(c));
		cs->c[front++] = c;
	}
}

/* The verifier's own pages must be guest RAM that none of b's addresses is. */
int read_layout(struct builder *b, char *err, size_t errlen)
{
	struct start st;
	struct trace t = { .cfg.bugs = b->o->bugs, .vcpus = 1 };
	if (start_open(&st, &t, err, errlen) != 0)
		return -1;
	const struct svsm_params *p = sim_layout(st.s);
	b->at = (struct layout_gpas){
		.module_pg = p->boot_vmsa_gpa + PAGE_SIZE, .secrets = p->secrets_gpa,
		.boot_vmsa = p->boot_vmsa_gpa, .boot_caa = p->boot_caa_gpa,
		.past_ram = p->guest_base + p->guest_size, .vcpu1_vmsa = guest_vcpu_vmsa_gpa(p, 1),
		.last_ram = p->guest_base + p->guest_size - PAGE_SIZE,
		.module_first = p->svsm_base, .module_last = p->svsm_base + p->svsm_size - PAGE_SIZE,
		.asid = st.s->m.asid,
	};
	uint64_t module_end = p->svsm_base + p->svsm_size;
	start_close(&st);
	const struct gpa_class classes[NCLASSES] = {
		{ "a module page", b->at.module_pg },   { "the secrets page", b->at.secrets },
		{ "the boot VMSA", b->at.boot_vmsa },   { "the CAA", b->at.boot_caa },
		{ "past guest RAM", b->at.past_ram },
		{ "the last guest page", b->at.last_ram },
		{ "the first module page", b->at.module_first },
		{ "the last module page", b->at.module_last },
		{ "the page below module memory", b->at.module_first - PAGE_SIZE },
	};
	memcpy(b->classes, classes, sizeof(classes));
	const uint64_t own[] = { REQ, PAGE_A, PAGE_B, PAGE_B + PAGE_SIZE };
	for (unsigned i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (own[i] <= b->at.boot_caa || own[i] >= b->at.vcpu1_vmsa) {
			snprintf(err, errlen, "the simulator's layout moved: GPA 0x%llx is no longer a "
			         "free page of guest RAM (explorer/verify/inputs.c)",
			         (unsigned long long)own[i]);
			return -1;
		}
	if (b->at.module_pg >= module_end) {
		snprintf(err, errlen, "the module has no spare page (explorer/verify/inputs.c)");
		return -1;
	}
	return 0;
}

int inputs_build(struct vcases *cs, const struct verify_options *o, char *err, size_t errlen)
{
	memset(cs, 0, sizeof(*cs));
	if (o->handler && !inputs_handler_known(o->handler)) {
		snprintf(err, errlen, "unknown handler '%s'", o->handler);
		return -1;
	}
	struct builder b = { .cs = cs, .o = o };
	if (read_layout(&b, err, errlen) != 0)
		return -1;
	static void (*const single[SVSM_CORE_NCALLS])(struct builder *) = {
		[SVSM_CORE_REMAP_CA] = remap_ca_cases,       [SVSM_CORE_PVALIDATE] = pvalidate_cases,
		[SVSM_CORE_CREATE_VCPU] = create_vcpu_cases, [SVSM_CORE_DELETE_VCPU] = delete_vcpu_cases,
		[SVSM_CORE_DEPOSIT_MEM] = deposit_mem_cases, [SVSM_CORE_WITHDRAW_MEM] = withdraw_mem_cases,
		[SVSM_CORE_QUERY_PROTOCOL] = query_cases,
	};
	if (o->symbolic_inputs) {
		if (symbolic_build(&b, err, errlen) != 0) {
			inputs_free(cs);
			return -1;
		}
	} else if (o->vcpus >= 2) {
		pair_cases(&b);
	} else {
		/* The handler the others build on first; query_cases makes both query calls' cases. */
		static const uint32_t order[] = {
			SVSM_CORE_PVALIDATE, SVSM_CORE_CREATE_VCPU, SVSM_CORE_DELETE_VCPU,
			SVSM_CORE_REMAP_CA, SVSM_CORE_DEPOSIT_MEM, SVSM_CORE_WITHDRAW_MEM,
			SVSM_CORE_QUERY_PROTOCOL,
		};
		for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
			uint32_t call = order[i];
			if (handler_wanted(o, call) || (call == SVSM_CORE_QUERY_PROTOCOL &&
			                        handler_wanted(o, SVSM_CORE_CONFIGURE_VTOM)))
				single[call](&b);
			if (call == SVSM_CORE_PVALIDATE && handler_wanted(o, call))
				pvalidate_2m_cases(&b);
			if (call == SVSM_CORE_CREATE_VCPU && handler_wanted(o, call))
				create_vcpu_2m_cases(&b);
		}
	}
	unsigned kept = 0;
	cs->before_input = 0;
	for (unsigned i = 0; i < cs->n; i++) {
		bool handler = !o->handler || o->vcpus >= 2 || strcmp(cs->c[i].handler, o->handler) == 0;
		cs->before_input += handler;
		bool keep = handler && (!o->input || strstr(cs->c[i].title, o->input));
		if (keep)
			cs->c[kept++] = cs->c[i];
		else
			trace_free(&cs->c[i].setup);
	}
	cs->n = kept;
	put_first(cs, o->first);
	if (cs->n == 0 && !b.failed) {
		snprintf(err, errlen, "no case matches%s%s", o->input ? " --input " : "",
		         o->input ? o->input : "");
		inputs_free(cs);
		return -1;
	}
	if (b.failed) {
		inputs_free(cs);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

struct trace_step race_step(const struct vcase *c, unsigned vcpu)
{
	struct trace_step st = { .action = T_WRITE, .vcpu = vcpu };
	st.mem.addr = c->race.gpa;
	st.mem.bytes = (uint8_t *)c->race.bytes;
	st.mem.len = c->race.len;
	return st;
}

void inputs_free(struct vcases *cs)
{
	for (unsigned i = 0; i < cs->n; i++)
		trace_free(&cs->c[i].setup);
	free(cs->c);
	memset(cs, 0, sizeof(*cs));
}

