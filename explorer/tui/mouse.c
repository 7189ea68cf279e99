/*
 * mouse.c: a click on a timeline row goes to that step; the wheel
 * scrolls the pane under the pointer, as j/k do in the focused pane.
 *
 * ncurses reports the mouse as KEY_MOUSE once mousemask() asked for it.
 * A press is taken as the click (the release is ignored), so that a
 * terminal that sends no release, or a slow hand, still goes there. Over
 * an overlay or the prompt the mouse does nothing: they are keyboard
 * only, and a stray click must not close them.
 */
#include "ui.h"

#define WHEEL_LINES 3

void mouse_start(void)
{
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);   /* presses at once, not after waiting to see a click */
}

static bool inside(struct rect r, int y, int x)
{
	return y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

void mouse_event(struct ui *u)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || u->mode != MODE_MAIN)
		return;
	for (int p = 0; p < PANE_COUNT; p++) {
		if (!inside(u->lay.pane[p], ev.y, ev.x))
			continue;
		if (ev.bstate & BUTTON4_PRESSED)
			ui_scroll(u, (enum pane)p, -WHEEL_LINES);
		else if (ev.bstate & BUTTON5_PRESSED)
			ui_scroll(u, (enum pane)p, WHEEL_LINES);
		else if (p == PANE_TIMELINE) {
			long step = timeline_step_at(u, ev.y);
			if (step >= 0)
				model_goto(u->m, (size_t)step);
		}
		return;
	}
}
