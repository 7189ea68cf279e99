/*
 * clock.h: seconds on a monotonic clock, for the commands' timings and
 * progress lines (check, verify). Wall-clock time could jump backwards
 * under an NTP correction and make a run report negative seconds.
 */
#ifndef CLI_CLOCK_H
#define CLI_CLOCK_H

double cli_clock(void);

#endif
