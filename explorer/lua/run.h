/*
 * run.h: the `svsmlab run` command (run.c): a Lua script or a trace file.
 */
#ifndef LUA_RUN_H
#define LUA_RUN_H

/* argv holds what follows "run". Returns the exit status (0, 1 or 2). */
int cmd_run(int argc, char **argv);

#endif
