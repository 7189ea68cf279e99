/*
 * dirty.c: the sets of what changed, one per watcher (machine.h says who
 * watches and why). Marking is machine_mark(), inline: it runs at every
 * write the model makes.
 */
#include <string.h>

#include "machine.h"

void machine_mark_all(struct machine *m)
{
	for (unsigned w = 0; w < MACHINE_WATCHERS; w++)
		m->dirty[w].all = true;
}

void machine_dirty_clear(struct machine *m, enum machine_watcher w)
{
	memset(&m->dirty[w], 0, sizeof(m->dirty[w]));
}
