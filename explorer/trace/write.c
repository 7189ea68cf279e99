/*
 * write.c: a trace as a Lua file (docs/traces.md) or as JSON.
 *
 * Both writers walk the same description of each action's fields, so the
 * two files always carry the same steps.
 */
#include <inttypes.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "trace.h"
#include "../catalog/catalog.h"
#include "../cli/output.h"

enum syntax { LUA, JSON };

/* Every field follows the step's actor and action (or a table's first entry): ", name = v". */
static void field_u64(FILE *out, enum syntax sx, const char *name, uint64_t v, bool hex)
{
	if (sx == LUA)
		fprintf(out, hex ? ", %s = 0x%" PRIx64 : ", %s = %" PRIu64, name, v);
	else
		fprintf(out, ", \"%s\": %" PRIu64, name, v);
}

static void field_bool(FILE *out, enum syntax sx, const char *name, bool v)
{
	fprintf(out, sx == LUA ? ", %s = %s" : ", \"%s\": %s", name, v ? "true" : "false");
}

static void field_str(FILE *out, enum syntax sx, const char *name, const char *v)
{
	fprintf(out, sx == LUA ? ", %s = \"%s\"" : ", \"%s\": \"%s\"", name, v);
}

/* Bytes: a Lua string with \ddd escapes, or a JSON hex string. */
static void field_bytes(FILE *out, enum syntax sx, const uint8_t *b, size_t n)
{
	fputs(sx == LUA ? ", bytes = \"" : ", \"bytes\": \"", out);
	for (size_t i = 0; i < n; i++) {
		if (sx == JSON)
			fprintf(out, "%02x", b[i]);
		else if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '"' && b[i] != '\\')
			fputc(b[i], out);
		else
			fprintf(out, "\\%03u", b[i]);
	}
	fputc('"', out);
}

static void write_step(FILE *out, enum syntax sx, const struct trace_step *st)
{
	if (sx == LUA)
		fprintf(out, "    { \"%s\", \"%s\"", trace_actor(st->action), trace_action_name(st->action));
	else
		fprintf(out, "    { \"actor\": \"%s\", \"action\": \"%s\"", trace_actor(st->action),
		        trace_action_name(st->action));
	switch (st->action) {
	case T_CALL:
		field_u64(out, sx, "vcpu", st->vcpu, false);
		field_u64(out, sx, "protocol", st->call.protocol, false);
		field_u64(out, sx, "call", st->call.call, false);
		field_u64(out, sx, "rcx", st->call.args.rcx, true);
		field_u64(out, sx, "rdx", st->call.args.rdx, true);
		field_u64(out, sx, "r8", st->call.args.r8, true);
		field_u64(out, sx, "r9", st->call.args.r9, true);
		break;
	case T_FINISH:
	case T_STEP:
		field_u64(out, sx, "vcpu", st->vcpu, false);
		break;
	case T_WRITE:
	case T_READ:
		field_u64(out, sx, "gpa", st->mem.addr, true);
		break;
	case T_HV_WRITE:
	case T_HV_READ:
		field_u64(out, sx, "spa", st->mem.addr, true);
		break;
	case T_PSC:
		field_u64(out, sx, "vcpu", st->vcpu, false);
		field_u64(out, sx, "gpa", st->psc.gpa, true);
		field_str(out, sx, "op", st->psc.op == GHCB_PSC_SHARED ? "shared" : "private");
		break;
	case T_START_VCPU:
		field_u64(out, sx, "vcpu", st->vcpu, false);
		field_u64(out, sx, "vmsa", st->start.vmsa, true);
		field_u64(out, sx, "caa", st->start.caa, true);
		break;
	case T_RMPUPDATE:
		field_u64(out, sx, "spa", st->rmpupdate.spa, true);
		field_bool(out, sx, "assigned", st->rmpupdate.u.assigned);
		field_u64(out, sx, "asid", st->rmpupdate.u.asid, false);
		field_u64(out, sx, "gpa", st->rmpupdate.u.gpa, true);
		field_str(out, sx, "size", st->rmpupdate.u.page_size == PSIZE_2M ? "2m" : "4k");
		field_bool(out, sx, "immutable", st->rmpupdate.u.immutable);
		break;
	case T_PSMASH:
		field_u64(out, sx, "spa", st->map.spa, true);
		break;
	case T_MAP:
		field_u64(out, sx, "gpa", st->map.gpa, true);
		field_u64(out, sx, "spa", st->map.spa, true);
		break;
	case T_UNMAP:
		field_u64(out, sx, "gpa", st->map.gpa, true);
		break;
	case T_COUNT:
		break;
	}
	if (has_bytes_field(st->action))
		field_bytes(out, sx, st->mem.bytes, st->mem.len);
	else if (st->action == T_READ || st->action == T_HV_READ)
		field_u64(out, sx, "len", st->mem.len, false);
	fputs(" }", out);
}

static void write_bugs(FILE *out, enum syntax sx, uint32_t bugs)
{
	unsigned n;
	const struct bug_info *all = catalog_all(&n);
	fputs(sx == LUA ? ", bugs = {" : ", \"bugs\": [", out);
	const char *sep = " ";
	for (unsigned i = 0; i < n; i++)
		if (bugs & SVSM_BUG_BIT(all[i].id)) {
			fprintf(out, "%s\"%s\"", sep, all[i].name);
			sep = ", ";
		}
	fputs(sx == LUA ? " }" : " ]", out);
}

/* The explorer's watches, when there are any: the loader let no quote or backslash in. */
static void write_watches(FILE *out, enum syntax sx, const struct trace *t)
{
	if (!t->nwatches)
		return;
	fputs(sx == LUA ? "  watches = {" : "  \"watches\": [", out);
	for (unsigned i = 0; i < t->nwatches; i++)
		fprintf(out, "%s\"%s\"", i ? ", " : " ", t->watches[i]);
	fputs(sx == LUA ? " },\n" : " ]\n", out);
}

static void write_trace(FILE *out, enum syntax sx, const struct trace *t)
{
	const struct machine_config *mc = &t->cfg.machine;
	if (sx == LUA)
		fprintf(out, "-- svsmlab trace: replay with `svsmlab run FILE`\nreturn {\n"
		        "  format = \"%s\",\n  machine = { pages = %u", TRACE_FORMAT,
		        mc->pages ? mc->pages : 64);
	else
		fprintf(out, "{\n  \"format\": \"%s\",\n  \"machine\": { \"pages\": %u", TRACE_FORMAT,
		        mc->pages ? mc->pages : 64);
	field_u64(out, sx, "vcpus", t->vcpus ? t->vcpus : 1, false);
	field_u64(out, sx, "guest_vmpl", mc->guest_vmpl ? mc->guest_vmpl : 1, false);
	write_bugs(out, sx, t->cfg.bugs);
	fputs(sx == LUA ? " },\n  steps = {\n" : " },\n  \"steps\": [\n", out);
	for (size_t i = 0; i < t->n; i++) {
		write_step(out, sx, &t->steps[i]);
		fputs(i + 1 < t->n || sx == LUA ? ",\n" : "\n", out);
	}
	if (sx == LUA)
		fprintf(out, "  },\n  expect = { violation = %s%s%s },\n", t->expect[0] ? "\"" : "",
		        t->expect[0] ? t->expect : "nil", t->expect[0] ? "\"" : "");
	else
		fprintf(out, "  ],\n  \"expect\": { \"violation\": %s%s%s }%s\n",
		        t->expect[0] ? "\"" : "", t->expect[0] ? t->expect : "null",
		        t->expect[0] ? "\"" : "", t->nwatches ? "," : "");
	write_watches(out, sx, t);
	fputs("}\n", out);
}

void trace_write_lua(FILE *out, const struct trace *t)
{
	write_trace(out, LUA, t);
}

void trace_write_json(FILE *out, const struct trace *t)
{
	write_trace(out, JSON, t);
}

int trace_save(const struct trace *t, const char *path, bool json)
{
	FILE *f = output_open(path);
	if (!f)
		return -1;
	write_trace(f, json ? JSON : LUA, t);
	return output_close(f);   /* a file written in part is removed */
}

void trace_json_name(const char *lua, char *out, size_t n)
{
	size_t len = strlen(lua);
	if (len > 4 && strcmp(lua + len - 4, ".lua") == 0)
		len -= 4;
	snprintf(out, n, "%.*s.json", (int)len, lua);
}

int trace_outputs_usable(const char *command, const char *path, bool json, bool existing)
{
	char beside[PATH_MAX];
	trace_json_name(path, beside, sizeof(beside));
	const char *files[] = { path, beside };
	for (unsigned i = 0; i < (json ? 2u : 1u); i++) {
		if (existing && access(files[i], F_OK) != 0)
			continue;
		int rc = output_usable(command, files[i]);
		if (rc != 0)
			return rc;
	}
	return 0;
}
