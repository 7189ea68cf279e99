/*
 * world.h: one machine as scripts and replays drive it.
 *
 * A world is the simulator, the scheduler over its vCPUs and the trace of
 * everything done to it since boot. Every action goes through world_do():
 * the step is carried out by trace_apply() and appended to the trace, so
 * whatever a script does can be saved and replayed step for step.
 */
#ifndef TRACE_WORLD_H
#define TRACE_WORLD_H

#include <stdio.h>

#include "trace.h"

struct world {
	struct sim s;
	struct sched sc;
	struct trace t;          /* t.cfg and t.vcpus say how the machine was made */
	bool booted;
	FILE *echo;              /* print every event as it happens (run --trace), or NULL */
	unsigned shown;          /* events before this step are printed, or were the boot */
	int paused;              /* the vCPU whose module paused in the last step, or -1 */
};

/* A world that will boot with cfg and bring up vcpus guest vCPUs. */
void world_init(struct world *w, const struct sim_config *cfg, unsigned vcpus);
/* Launch, boot the module, bring up the vCPUs. 0, or -1 with *why. */
int world_boot(struct world *w, const char **why);
/* Carry out one step and append it to the trace. 0, or -1 with a reason in why. */
int world_do(struct world *w, const struct trace_step *st, char *why, size_t whylen);
/* The event the last step recorded (its outcome), or NULL if none is kept. */
const struct sim_event *world_last(const struct world *w);
void world_free(struct world *w);

#endif
