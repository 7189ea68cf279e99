/*
 * clock.c: the one clock the commands time themselves by (clock.h).
 */
#include <time.h>

#include "clock.h"

double cli_clock(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}
