/*
 * serve_gdb.c: G serves the branch explored to gdb, so that a student can
 * look with both at once.
 *
 * The branch as it is now is saved in a directory of its own, and
 * `svsmlab gdb` runs on it as a child process, on a free port of the
 * loopback interface; the status line shows the port while it serves. The
 * child holds a copy: the explorer and gdb step through the same trace
 * independently, and G again serves the branch as it has become. The
 * child ends when gdb detaches or kills, or when the explorer quits.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ui.h"

#define BRANCH_FILE "branch.lua"
#define STARTUP_MS 5000   /* the child boots the trace's machine, then prints its port */

static void branch_path(const struct ui *u, char *buf, size_t len)
{
	snprintf(buf, len, "%s/" BRANCH_FILE, u->gdb_dir);
}

void gdb_serve_stop(struct ui *u)
{
	if (u->gdb_pid > 0) {
		kill(u->gdb_pid, SIGTERM);
		waitpid(u->gdb_pid, NULL, 0);
	}
	u->gdb_pid = 0;
	u->gdb_port = 0;
	if (u->gdb_dir[0]) {
		char path[sizeof(u->gdb_dir) + 16];
		branch_path(u, path, sizeof(path));
		unlink(path);
		rmdir(u->gdb_dir);
		u->gdb_dir[0] = '\0';
	}
}

bool gdb_serve_poll(struct ui *u)
{
	if (u->gdb_pid <= 0 || waitpid(u->gdb_pid, NULL, WNOHANG) != u->gdb_pid)
		return false;
	u->gdb_pid = 0;   /* reaped: nothing to stop */
	gdb_serve_stop(u);
	ui_message(u, "gdb: the client left; G serves the branch again");
	return true;
}

/* The port on the child's first line, read within STARTUP_MS; 0 if none came. */
static unsigned read_port(int fd)
{
	static const char key[] = "listening on 127.0.0.1:";
	char line[512];
	size_t n = 0;
	line[0] = '\0';
	while (n < sizeof(line) - 1 && !strchr(line, '\n')) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, STARTUP_MS) <= 0)
			return 0;
		ssize_t r = read(fd, line + n, sizeof(line) - 1 - n);
		if (r <= 0)
			return 0;
		n += (size_t)r;
		line[n] = '\0';
	}
	const char *at = strstr(line, key);
	unsigned long port = at ? strtoul(at + sizeof(key) - 1, NULL, 10) : 0;
	return port <= 65535 ? (unsigned)port : 0;
}

/* `svsmlab gdb FILE --port 0` with its standard output on out; the child's pid, or -1. */
static pid_t spawn(const char *file, int out)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	int null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(null, STDIN_FILENO) < 0 ||
	    dup2(null, STDERR_FILENO) < 0)
		_exit(127);
	execl("/proc/self/exe", "svsmlab", "gdb", file, "--port", "0", (char *)NULL);
	_exit(127);
}

void gdb_serve_open(struct ui *u)
{
	gdb_serve_stop(u);
	const char *tmp = getenv("TMPDIR");
	char path[sizeof(u->gdb_dir) + 16];
	snprintf(u->gdb_dir, sizeof(u->gdb_dir), "%s/svsmlab-gdb-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(u->gdb_dir)) {
		u->gdb_dir[0] = '\0';
		ui_message(u, "gdb: cannot make a directory in %s", tmp && *tmp ? tmp : "/tmp");
		return;
	}
	branch_path(u, path, sizeof(path));
	int fds[2];
	if (trace_save(branch_trace(u->bs), path, false) != 0 || pipe(fds) != 0) {
		ui_message(u, "gdb: cannot save the branch for it");
		gdb_serve_stop(u);
		return;
	}
	u->gdb_pid = spawn(path, fds[1]);
	close(fds[1]);
	u->gdb_port = u->gdb_pid > 0 ? read_port(fds[0]) : 0;
	close(fds[0]);
	if (u->gdb_port == 0) {
		ui_message(u, "gdb: the server did not start");
		gdb_serve_stop(u);
		return;
	}
	ui_message(u, "gdb: target remote 127.0.0.1:%u serves branch %u as it is now", u->gdb_port,
	           u->bs->cur + 1);
}
