/*
 * test_output.c: what the commands check about their outputs and options
 * before a run (explorer/cli/output.c, page.c, check_options_check), and
 * that a failed write is an error that removes only a file the command
 * made, never a device.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../explorer/check/check.h"
#include "../../explorer/cli/cli.h"
#include "../../explorer/cli/output.h"
#include "../../explorer/cli/page.h"
#include "../../explorer/trace/trace.h"

/* A file the result can go to: new in an existing directory, or an existing regular file. */
static void a_new_or_regular_file_is_usable(void **state)
{
	(void)state;
	char dir[] = "/tmp/svsmlab-test-output-XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/cex.lua", dir);
	assert_int_equal(output_usable("test", path), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(output_usable("test", path), 0);
	assert_int_equal(trace_outputs_usable("test", path, true, false), 0);
	remove(path);
	rmdir(dir);
}

/* Not a file a result is read back from: a usage error. The system's refusal: an I/O error. */
static void devices_and_missing_directories_are_refused(void **state)
{
	(void)state;
	assert_int_equal(output_usable("test", "-"), EXIT_USAGE);
	assert_int_equal(output_usable("test", "/dev/null"), EXIT_USAGE);
	assert_int_equal(output_usable("test", "/nonexistent/cex.lua"), EXIT_IO);
	assert_int_equal(output_usable("test", "/dev/null/cex.lua"), EXIT_IO);   /* not a directory */
}

/* A write that fails is an error with its reason; the device written to stays. */
static void a_failed_write_is_an_error_and_a_device_stays(void **state)
{
	(void)state;
	FILE *f = output_open("/dev/full");
	assert_non_null(f);
	assert_null(output_partial());       /* a device is never taken for a file to remove */
	fputs("a counterexample\n", f);
	errno = 0;
	assert_int_equal(output_close(f), -1);
	assert_int_equal(errno, ENOSPC);
	struct stat st;
	assert_int_equal(stat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

/* A regular file is remembered while it is written, for the interrupt to remove. */
static void a_file_being_written_is_known_until_closed(void **state)
{
	(void)state;
	char path[] = "/tmp/svsmlab-test-partial-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	FILE *f = output_open(path);
	assert_non_null(f);
	assert_string_equal(output_partial(), path);
	fputs("complete\n", f);
	assert_int_equal(output_close(f), 0);
	assert_null(output_partial());
	assert_int_equal(access(path, F_OK), 0);   /* a file written whole stays */
	remove(path);
}

static void pages_are_aligned_guest_pages(void **state)
{
	(void)state;
	char err[160];
	assert_int_equal(page_option_check(0x20000, err, sizeof(err)), 0);
	assert_int_equal(page_option_check(0x3ff000, err, sizeof(err)), 0);
	assert_int_equal(page_option_check(0x400000, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "outside the guest-physical space"));
	assert_non_null(strstr(err, "0x0 to 0x3ff000"));
	assert_int_equal(page_option_check(0x20001, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not page-aligned"));
	assert_int_equal(page_option_check(UINT64_MAX, err, sizeof(err)), -1);
}

/* Without state hashing one bound must hold, or one execution can go on forever. */
static void no_hashing_needs_a_bound(void **state)
{
	(void)state;
	char err[256];
	struct check_options o;
	check_defaults(&o);
	o.no_hashing = true;
	o.depth = o.hv_actions = CHECK_UNBOUNDED;
	assert_int_equal(check_options_check(&o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--no-hashing"));
	o.hv_actions = 2;
	assert_int_equal(check_options_check(&o, err, sizeof(err)), 0);
	o.hv_actions = CHECK_UNBOUNDED;
	o.depth = 40;
	assert_int_equal(check_options_check(&o, err, sizeof(err)), 0);
	o.no_hashing = false;
	o.depth = CHECK_UNBOUNDED;
	assert_int_equal(check_options_check(&o, err, sizeof(err)), 0);
	o.extra_pages[o.nextra++] = 0x20800;
	assert_int_equal(check_options_check(&o, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_new_or_regular_file_is_usable),
		cmocka_unit_test(devices_and_missing_directories_are_refused),
		cmocka_unit_test(a_failed_write_is_an_error_and_a_device_stays),
		cmocka_unit_test(a_file_being_written_is_known_until_closed),
		cmocka_unit_test(pages_are_aligned_guest_pages),
		cmocka_unit_test(no_hashing_needs_a_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
