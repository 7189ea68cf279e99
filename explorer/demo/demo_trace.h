/*
 * demo_trace.h: the explorer's built-in trace, the attack of bug 1.
 *
 * `svsmlab explore` without a file opens this attack, built by hand so
 * that it needs neither Z3 nor a file; `svsmlab demo` replays the one
 * verify proves instead (demo.h).
 */
#ifndef DEMO_DEMO_TRACE_H
#define DEMO_DEMO_TRACE_H

#include <stdint.h>

#include "../trace/trace.h"

/*
 * The attack as steps: the guest rescinds a page and makes it
 * shared, asks for it back, the hypervisor binds the module's secrets page
 * there instead, the guest asks the module to validate it and reads it.
 * The module's calls are stepped one HAL call at a time. t->expect is the
 * first clause that fires with these bugs ("" when none does).
 * 0, or -1 with *why (t is then empty).
 */
int demo_trace(struct trace *t, uint32_t bugs, const char **why);

#endif
