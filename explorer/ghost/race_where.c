/*
 * race_where.c: the words of a race report. An instruction's return
 * address becomes file:line by asking addr2line about the program
 * itself, once per address and only when a race is reported (a search
 * reports the same few races again and again, and most runs none); an
 * offset into struct svsm becomes the name of its field.
 */
#include <elf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "race.h"

#define WHERE_CACHE 64

/* Addresses looked up so far, with what addr2line said (file NULL: unknown). */
static struct {
	const void *pc;
	char *file;
	int line;
} cache[WHERE_CACHE];
static unsigned ncached;

/*
 * Where the program self is loaded: its mapping at file offset 0.
 * addr2line wants addresses as the ELF file has them, which for a
 * position-independent program (ET_DYN) are relative to that.
 */
static uintptr_t load_base(const char *self)
{
	FILE *f = fopen(self, "rb");
	if (!f)
		return 0;
	Elf64_Ehdr eh;
	bool pie = fread(&eh, sizeof(eh), 1, f) == 1 && eh.e_type == ET_DYN;
	fclose(f);
	if (!pie)
		return 0;
	f = fopen("/proc/self/maps", "r");
	if (!f)
		return 0;
	uintptr_t base = 0;
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, off;
		char path[512] = "";   /* a path with a space is cut there, and not the program */
		if (sscanf(line, "%lx-%*x %*s %lx %*s %*s %511s", &start, &off, path) == 3 &&
		    off == 0 && strcmp(path, self) == 0) {
			base = start;
			break;
		}
	}
	fclose(f);
	return base;
}

/*
 * Ask addr2line where pc is (the instruction before the return address
 * is the access); file NULL when it does not know. The program is named
 * by its path: in the shell popen starts, /proc/self is the shell.
 */
static void look_up(const void *pc, char **file, int *line)
{
	*file = NULL;
	*line = 0;
	char self[512];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return;
	self[n] = '\0';
	if (strchr(self, '\'') != NULL)
		return;
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "addr2line -e '%s' 0x%llx 2>/dev/null", self,
	         (unsigned long long)((uintptr_t)pc - 1 - load_base(self)));
	FILE *p = popen(cmd, "r");
	if (!p)
		return;
	char out[1024];
	if (fgets(out, sizeof(out), p)) {
		out[strcspn(out, "\n")] = '\0';
		char *colon = strrchr(out, ':');
		if (colon && colon != out && out[0] != '?') {
			*colon = '\0';
			*line = atoi(colon + 1);
			/* The module's files as the reports name them: from svsm/ on. */
			const char *rel = strstr(out, "/svsm/");
			*file = strdup(rel ? rel + 1 : out);
		}
	}
	pclose(p);
}

bool race_where(const struct race_site *s, const char **file, int *line)
{
	if (!s->pc) {
		*file = s->hal.file;
		*line = s->hal.line;
		return s->hal.file != NULL;
	}
	unsigned i = 0;
	while (i < ncached && cache[i].pc != s->pc)
		i++;
	if (i == ncached) {
		if (ncached == WHERE_CACHE)
			i = 0;   /* full: the oldest answer makes room */
		else
			ncached++;
		free(cache[i].file);
		cache[i].pc = s->pc;
		look_up(s->pc, &cache[i].file, &cache[i].line);
	}
	*file = cache[i].file;
	*line = cache[i].line;
	return *file != NULL;
}

/* A field of struct svsm_vcpu, by offset in it. */
static const char *vcpu_field(size_t off)
{
	static const struct {
		size_t off;
		const char *name;
	} fields[] = {
		{ offsetof(struct svsm_vcpu, used), "used" },
		{ offsetof(struct svsm_vcpu, has_retired), "has_retired" },
		{ offsetof(struct svsm_vcpu, activity), "activity" },
		{ offsetof(struct svsm_vcpu, vmsa_gpa), "vmsa_gpa" },
		{ offsetof(struct svsm_vcpu, caa_gpa), "caa_gpa" },
		{ offsetof(struct svsm_vcpu, retired_vmsa_gpa), "retired_vmsa_gpa" },
	};
	const char *name = fields[0].name;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].off <= off)
			name = fields[i].name;
	return name;
}

void race_field_name(size_t off, char *buf, size_t n)
{
	const size_t vcpus = offsetof(struct svsm, vcpus), vs = sizeof(struct svsm_vcpu);
	if (off < offsetof(struct svsm, bugs))
		snprintf(buf, n, "sv->p (+0x%zx)", off);
	else if (off < vcpus)
		snprintf(buf, n, "sv->bugs/lock (+0x%zx)", off);
	else if (off < offsetof(struct svsm, validated))
		snprintf(buf, n, "sv->vcpus[%zu].%s", (off - vcpus) / vs,
		         vcpu_field((off - vcpus) % vs));
	else if (off < offsetof(struct svsm, pool))
		snprintf(buf, n, "sv->validated[%zu]", off - offsetof(struct svsm, validated));
	else if (off < offsetof(struct svsm, pool_count))
		snprintf(buf, n, "sv->pool[%zu]", off - offsetof(struct svsm, pool));
	else
		snprintf(buf, n, "sv->pool_count");
}
