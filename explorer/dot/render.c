/*
 * render.c: running Graphviz.
 *
 * `dot` reads the DOT text on its standard input and writes the picture.
 * It is started directly (fork and exec, no shell), so an output file
 * name is never read as shell syntax.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dot.h"

FILE *dot_pipe_open(const char *format, const char *out, pid_t *pid, char *err, size_t errlen)
{
	int fd[2];
	if (pipe(fd) != 0) {
		snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
		return NULL;
	}
	char type[16];
	snprintf(type, sizeof(type), "-T%s", format);
	*pid = fork();
	if (*pid < 0) {
		snprintf(err, errlen, "cannot start dot: %s", strerror(errno));
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	if (*pid == 0) {
		dup2(fd[0], STDIN_FILENO);
		close(fd[0]);
		close(fd[1]);
		if (out)
			execlp("dot", "dot", type, "-o", out, (char *)NULL);
		else
			execlp("dot", "dot", type, (char *)NULL);
		fprintf(stderr, "svsmlab: cannot run Graphviz's dot: %s\n", strerror(errno));
		_exit(127);
	}
	close(fd[0]);
	/* If dot dies early, writing must fail with EPIPE, not kill svsmlab. */
	signal(SIGPIPE, SIG_IGN);
	FILE *pipe_in = fdopen(fd[1], "w");
	if (!pipe_in) {
		snprintf(err, errlen, "cannot write to dot: %s", strerror(errno));
		close(fd[1]);
		waitpid(*pid, NULL, 0);
	}
	return pipe_in;
}

int dot_pipe_close(FILE *pipe_in, pid_t pid, char *err, size_t errlen)
{
	fclose(pipe_in);
	int status = 0;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "Graphviz's dot failed (status %d)",
		         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}
