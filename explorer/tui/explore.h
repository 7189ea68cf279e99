/*
 * explore.h: `svsmlab explore`, the explorer of runs.
 */
#ifndef TUI_EXPLORE_H
#define TUI_EXPLORE_H

/* svsmlab explore [--text] [--bug NAME[,NAME...]] [FILE]; returns the exit status. */
int explore_main(int argc, char **argv);

#endif
