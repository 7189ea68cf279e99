/*
 * inspect.c: reading a machine's state from a script.
 *
 *   m:layout()   where the launch put the module, its secrets and guest RAM
 *   m:rmp(spa)   an RMP entry         m:npt(gpa)    where a GPA leads
 *   m:owner(gpa) the ghost owner      m:label(spa)  who may learn a page's bytes
 *   m:violations()                    the checks that fired
 *
 * Looking is not acting: none of these is a trace step, and none changes
 * the machine.
 */
#include <string.h>

#include "bindings.h"
#include "../ghost/ghost.h"

static void set_int(lua_State *L, const char *name, uint64_t v)
{
	lua_pushinteger(L, (lua_Integer)v);
	lua_setfield(L, -2, name);
}

static void set_str(lua_State *L, const char *name, const char *v)
{
	lua_pushstring(L, v);
	lua_setfield(L, -2, name);
}

static void set_bool(lua_State *L, const char *name, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, name);
}

static int m_layout(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	const struct sim *s = &lm->w->s;
	const struct svsm_params *p = sim_layout(s);
	lua_createtable(L, 0, 15);
	set_int(L, "asid", s->m.asid);
	set_int(L, "guest_vmpl", s->m.guest_vmpl);
	set_int(L, "pages", s->m.npages);
	set_int(L, "vcpus", lm->w->t.vcpus);
	set_int(L, "svsm_base", p->svsm_base);
	set_int(L, "svsm_size", p->svsm_size);
	set_int(L, "secrets_gpa", p->secrets_gpa);
	set_int(L, "guest_secrets_gpa", p->guest_secrets_gpa);
	set_int(L, "boot_vmsa_gpa", p->boot_vmsa_gpa);
	set_int(L, "guest_first", p->guest_base);
	set_int(L, "guest_last", p->guest_base + p->guest_size - 1);
	set_int(L, "caa_gpa", p->boot_caa_gpa);
	set_int(L, "request_gpa", p->guest_base + PAGE_SIZE);   /* g:pvalidate's default */
	set_int(L, "sev_features", p->sev_features);
	set_int(L, "guest_rip", p->guest_rip);
	return 1;
}

/* A page-aligned SPA of this machine's memory. */
static uint64_t page_spa(lua_State *L, const struct lmachine *lm, int idx)
{
	uint64_t spa = arg_u64(L, idx, "spa");
	arg_spa(L, &lm->w->s.m, spa, 1, "spa");
	arg_aligned(L, spa, "spa");
	return spa;
}

/* A page-aligned GPA the NPT and the ghost owners cover. */
static uint64_t page_gpa(lua_State *L, int idx)
{
	uint64_t gpa = arg_u64(L, idx, "gpa");
	arg_page_gpa(L, gpa, "gpa");
	return gpa;
}

static int m_rmp(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	const struct rmp_entry *e = &lm->w->s.m.rmp[page_spa(L, lm, 2) >> PAGE_SHIFT];
	lua_createtable(L, 0, 8);
	set_bool(L, "assigned", e->assigned);
	set_bool(L, "immutable", e->immutable);
	set_bool(L, "validated", e->validated);
	set_bool(L, "vmsa", e->vmsa);
	set_str(L, "size", e->page_size == PSIZE_2M ? "2m" : "4k");
	set_int(L, "asid", e->asid);
	set_int(L, "gpa", e->gpa);
	/* VMPL0 always holds every permission: only VMPL1-3 are listed. */
	lua_createtable(L, VMPL_COUNT - 1, 0);
	for (unsigned v = 1; v < VMPL_COUNT; v++) {
		char perms[5];
		perms_string(e->perms[v], perms);
		lua_pushstring(L, perms);
		lua_rawseti(L, -2, v);
	}
	lua_setfield(L, -2, "perms");
	return 1;
}

static int m_npt(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	uint64_t spa = npt_lookup(&lm->w->s.m, page_gpa(L, 2));
	if (spa == NPT_UNMAPPED)
		lua_pushnil(L);
	else
		lua_pushinteger(L, (lua_Integer)spa);
	return 1;
}

static int m_owner(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	uint64_t page = page_gpa(L, 2) >> PAGE_SHIFT;
	lua_pushstring(L, owner_name((enum ghost_owner)lm->w->s.ghost.owner[page]));
	return 1;
}

/* "{VMPL0,VMPL1}", "{VMPL0,VMPL1,VMPL2,VMPL3,hypervisor}": the words of the checks' messages. */
static int m_label(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	char text[64];
	lua_pushstring(L, label_text(lm->w->s.m.label[page_spa(L, lm, 2) >> PAGE_SHIFT], text,
	                             sizeof(text)));
	return 1;
}

static int m_violations(lua_State *L)
{
	static const char *const kinds[] = {
		[VIOLATION_PRECONDITION] = "precondition", [VIOLATION_INVARIANT] = "invariant",
		[VIOLATION_CONTRACT] = "contract",
	};
	struct lmachine *lm = lmachine_arg(L, 1);
	const struct sim *s = &lm->w->s;
	unsigned kept = s->rec.nviolations < RECORD_MAX_VIOLATIONS ? s->rec.nviolations : RECORD_MAX_VIOLATIONS;
	lua_createtable(L, (int)kept, 0);
	for (unsigned i = 0; i < kept; i++) {
		const struct violation *v = &s->rec.violations[i];
		lua_createtable(L, 0, 8);
		set_str(L, "clause", v->clause);
		set_str(L, "kind", kinds[v->kind]);
		set_str(L, "message", v->message);
		if (v->site.file) {
			set_str(L, "file", v->site.file);
			set_int(L, "line", (uint64_t)v->site.line);
		}
		set_int(L, "step", v->step);
		set_int(L, "vcpu", v->vcpu);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* One argument of an event, as scripts see it (print.c names and kinds them). */
static void push_arg(lua_State *L, enum trace_arg_kind kind, uint64_t v)
{
	switch (kind) {
	case ARG_SIZE:
		lua_pushstring(L, v == PSIZE_2M ? "2m" : "4k");
		break;
	case ARG_BOOL:
		lua_pushboolean(L, v != 0);
		break;
	case ARG_OWNER:
		lua_pushstring(L, owner_name((enum ghost_owner)v));
		break;
	case ARG_PSC_OP:
		lua_pushstring(L, v == GHCB_PSC_SHARED ? "shared" : "private");
		break;
	case ARG_HOLDER:   /* the lock word: 0 free, else the holder's vCPU + 1 */
		if (v == 0)
			lua_pushboolean(L, 0);
		else
			lua_pushinteger(L, (lua_Integer)v - 1);
		break;
	default:
		lua_pushinteger(L, (lua_Integer)v);
		break;
	}
}

void push_event(lua_State *L, const struct sim_event *ev)
{
	lua_createtable(L, 0, 8);
	set_int(L, "step", ev->step);
	set_int(L, "vcpu", ev->vcpu);
	set_str(L, "actor", actor_name((enum actor)ev->actor));
	set_str(L, "op", op_name(ev->op));
	const struct trace_arg *args = trace_event_args(ev->op);
	lua_createtable(L, 0, 3);
	for (unsigned i = 0; i < 3 && args[i].name; i++) {
		push_arg(L, args[i].kind, ev->args[i]);
		lua_setfield(L, -2, args[i].name);
	}
	lua_setfield(L, -2, "args");
	if (ev->site.file) {
		set_str(L, "file", ev->site.file);
		set_int(L, "line", (uint64_t)ev->site.line);
		if (ev->site.text)
			set_str(L, "text", ev->site.text);
	}
}

void inspect_register(lua_State *L, int methods)
{
	static const luaL_Reg fns[] = {
		{ "layout", m_layout },
		{ "rmp", m_rmp },
		{ "npt", m_npt },
		{ "owner", m_owner },
		{ "label", m_label },
		{ "violations", m_violations },
		{ NULL, NULL },
	};
	lua_pushvalue(L, methods);
	luaL_setfuncs(L, fns, 0);
	lua_pop(L, 1);
}
