/*
 * output.c: output files looked at before the run, closed with their
 * errors counted, and standard output checked at the end.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"

/* Read by the SIGINT handler (interrupt.c): set only while a file is open for writing. */
static const char *volatile partial;
static char partial_path[PATH_MAX];

static int say(const char *command, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int say(const char *command, int status, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "svsmlab %s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static bool is_stdout(const struct stat *st)
{
	struct stat out;
	return fstat(STDOUT_FILENO, &out) == 0 && same_file(&out, st);
}

/* The directory a new file at path would be made in: 0, or -1 with errno. */
static int dir_writable(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if ((size_t)(slash - path) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	else
		return errno = ENAMETOOLONG, -1;
	struct stat st;
	if (stat(dir, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return errno = ENOTDIR, -1;
	return access(dir, W_OK | X_OK);
}

int output_usable(const char *command, const char *path)
{
	struct stat st;
	if (strcmp(path, "-") == 0)
		return say(command, EXIT_USAGE, "'-': this output is a file, which is read back "
		           "(replayed); standard output carries the report");
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return say(command, EXIT_USAGE, "%s is not a regular file: outputs go "
			           "to files (a counterexample is read back to be replayed)", path);
		if (is_stdout(&st))
			return say(command, EXIT_USAGE, "%s is the standard output: the report and the "
			           "file would overwrite each other", path);
		if (access(path, W_OK) == 0)
			return 0;
	} else if (errno == ENOENT && dir_writable(path) == 0) {
		return 0;
	}
	return say(command, EXIT_IO, "cannot write %s: %s", path, strerror(errno));
}

int output_not_input(const char *command, const char *path, const char *input)
{
	struct stat out, in;
	if (stat(path, &out) == 0 && stat(input, &in) == 0 && same_file(&out, &in))
		return say(command, EXIT_USAGE, "%s is the input %s: the output would overwrite it "
		           "(name another file)", path, input);
	return 0;
}

/*
 * Only a regular file is ever removed: a device or a pipe named as the
 * output (/dev/full) is the system's, not a file the command made.
 */
FILE *output_open(const char *path)
{
	FILE *f = fopen(path, "w");
	struct stat st;
	if (f && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    strlen(path) < sizeof(partial_path)) {
		memcpy(partial_path, path, strlen(path) + 1);
		partial = partial_path;
	}
	return f;
}

/* Why the last output_text failed: stdio keeps no reason once the bytes are dropped. */
static int text_errno;

void output_text(FILE *f, const char *text)
{
	if (fputs(text, f) == EOF)
		text_errno = errno;
}

/* 0, or the errno of a failed write (EIO when no reason is known). */
static int stream_error(FILE *f)
{
	errno = 0;
	if (fflush(f) != 0)
		return errno ? errno : EIO;
	if (!ferror(f))
		return 0;
	return text_errno ? text_errno : EIO;
}

int output_close(FILE *f)
{
	int err = stream_error(f);
	if (fclose(f) != 0 && !err)
		err = errno ? errno : EIO;
	const char *path = partial;
	partial = NULL;
	if (!err)
		return 0;
	if (path)
		remove(path);
	errno = err;
	return -1;
}

const char *output_partial(void)
{
	return partial;
}

int output_finish(const char *command, int status)
{
	int err = stream_error(stdout);
	if (!err)
		return status;
	return say(command, EXIT_IO, "write error: %s", strerror(err));
}
