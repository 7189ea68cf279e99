/*
 * args.h: Lua values read as the kit's values, checked.
 *
 * A script's arguments and a trace file's fields go through the same
 * checks (args.c), and a machine's description and an RMPUPDATE's entry
 * through the same parsers (config.c): what a script may do and what a
 * trace file may say are one thing. Bad use is a Lua error whose message
 * names the script line, never a crash.
 */
#ifndef LUADATA_ARGS_H
#define LUADATA_ARGS_H

#include <lauxlib.h>
#include <lua.h>

#include "../trace/trace.h"

/* --- args.c --- */
/* Raise "where: function: message" for bad use. Never returns. */
int bad_use(lua_State *L, const char *fmt, ...);
/* lua_pcall message handler: the message with a traceback. */
int traceback_handler(lua_State *L);

/* "got 12", "got \"text\"", "got table": what the script passed instead (pushed). */
const char *got(lua_State *L, int idx);
uint64_t arg_u64(lua_State *L, int idx, const char *what);   /* any integer, as 64 bits */
uint64_t arg_range(lua_State *L, int idx, const char *what, uint64_t min, uint64_t max);
bool arg_bool(lua_State *L, int idx, const char *what);
const char *arg_bytes(lua_State *L, int idx, const char *what, size_t *len);
int arg_option(lua_State *L, int idx, const char *what, const char *const names[]);
unsigned arg_psc_op(lua_State *L, int idx, const char *what);    /* "private" -> GHCB_PSC_* */
uint32_t arg_protocol(lua_State *L, int idx, const char *what);  /* number or "core" */
uint32_t arg_call(lua_State *L, int idx, const char *what, uint32_t protocol);
/* A vCPU index the machine model can have. */
unsigned arg_vcpu(lua_State *L, int idx);

/*
 * Fields of a table argument at t. Absent optional fields give dflt;
 * absent required ones are an error. Unknown keys are an error too: a
 * typo must not silently become a default.
 */
uint64_t field_u64(lua_State *L, int t, const char *name, bool required, uint64_t dflt);
uint64_t field_range(lua_State *L, int t, const char *name, bool required, uint64_t dflt,
                     uint64_t min, uint64_t max);
bool field_bool(lua_State *L, int t, const char *name, bool required, bool dflt);
unsigned field_size(lua_State *L, int t, const char *name);      /* "4k" (default) "2m" -> PSIZE_* */
unsigned field_psc_op(lua_State *L, int t, const char *name);    /* required; -> GHCB_PSC_* */
/* Pushes t[name] and returns its type: for fields the helpers above do not cover. */
int field_push(lua_State *L, int t, const char *name, char *what, size_t whatlen);
/* allowed: NULL-terminated names; positional: how many [1], [2], ... may be present. */
void arg_fields(lua_State *L, int t, const char *const allowed[], lua_Integer positional);
/* The same for a list: entries 1 to n with no holes, and the named fields; returns n. */
lua_Integer arg_list(lua_State *L, int t, const char *const allowed[]);

/* Addresses: inside the guest-physical space / system memory, page-aligned. */
#define GPA_LIMIT ((uint64_t)MACHINE_MAX_PAGES * PAGE_SIZE)
void arg_gpa(lua_State *L, uint64_t gpa, uint64_t len, const char *what);
void arg_spa(lua_State *L, const struct machine *m, uint64_t spa, uint64_t len, const char *what);
void arg_aligned(lua_State *L, uint64_t addr, const char *what);
void arg_page_gpa(lua_State *L, uint64_t gpa, const char *what);   /* both of the above */
/*
 * What a step could not express: a vCPU the model lacks, an address past
 * the guest-physical space or (given the machine) past system memory, a
 * page address with an offset. lmachine_do() and trace files check every step.
 */
void arg_step(lua_State *L, const struct trace_step *st, const struct machine *m);

/* --- config.c --- */
/* A machine's description {pages=, vcpus=, guest_vmpl=, bugs=}: svsm.machine's, a trace's. */
void parse_machine_config(lua_State *L, int t, struct sim_config *cfg, unsigned *vcpus);
/* The fields of an RMPUPDATE: hv:rmpupdate's table, a trace's rmpupdate step. */
void parse_rmp_update(lua_State *L, int t, struct rmp_update *u);

#endif
