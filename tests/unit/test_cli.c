/*
 * test_cli.c: the command line every command shares: numbers, and the
 * walk over a command's option table (explorer/cli/).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../explorer/cli/cli.h"

static bool number(const char *s, unsigned long long max, unsigned long long *v)
{
	*v = 12345;   /* left alone on a refusal */
	return cli_number(s, max, v);
}

static void numbers_are_decimal_or_0x_hex(void **state)
{
	unsigned long long v;
	(void)state;
	assert_true(number("0", 100, &v));
	assert_int_equal(v, 0);
	assert_true(number("42", 100, &v));
	assert_int_equal(v, 42);
	assert_true(number("0x100", 0x100, &v));
	assert_int_equal(v, 256);
	assert_true(number("0XfF", 1000, &v));
	assert_int_equal(v, 255);
	assert_true(number("18446744073709551615", ULLONG_MAX, &v));
	assert_true(v == ULLONG_MAX);
	assert_true(number("0xffffffffffffffff", ULLONG_MAX, &v));
	assert_true(v == ULLONG_MAX);
}

static void a_leading_zero_is_decimal_not_octal(void **state)
{
	unsigned long long v;
	(void)state;
	assert_true(number("010", 100, &v));
	assert_int_equal(v, 10);
	assert_true(number("0009", 100, &v));
	assert_int_equal(v, 9);
}

static void signs_spaces_junk_and_overflow_are_refused(void **state)
{
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "1x", "0x", "0x-1", "0b101", "1e3", "12a", "0xg",
		"18446744073709551616", "0x10000000000000000", "99999999999999999999999",
	};
	unsigned long long v;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (number(bad[i], ULLONG_MAX, &v))
			fail_msg("'%s' was taken as %llu", bad[i], v);
		assert_int_equal(v, 12345);
	}
}

static void a_number_above_the_maximum_is_refused(void **state)
{
	unsigned long long v;
	(void)state;
	assert_true(number("8", 8, &v));
	assert_false(number("9", 8, &v));
	assert_false(number("0x9", 8, &v));
}

/* A command with a flag, a value, and a value from a list of words. */
enum { FLAG, VALUE, WORD };

static const char *colour(unsigned i)
{
	static const char *const words[] = { "red", "blue" };
	return i < 2 ? words[i] : NULL;
}

static const struct cli_option options[] = {
	[FLAG] = { "--flag", NULL, "a flag" },
	[VALUE] = { "--value", "N", "a value" },
	[WORD] = { "-c", "red|blue", "one of two words", CLI_WORD, colour },
	{ NULL },
};

static const struct cli_command command = {
	.name = "test", .operands = "[FILE]", .summary = "a test", .options = options,
	.notes = "",
};

/* Walks argv as a command's parser does; the results, one a call, in got[]. */
static int walk(int argc, char **argv, int got[], const char *values[])
{
	int n = 0;
	for (int i = 0; i < argc; i++) {
		got[n] = cli_next(&command, argc, argv, &i, &values[n]);
		if (got[n++] == CLI_ERROR)
			break;
	}
	return n;
}

static void the_walk_returns_options_values_and_operands(void **state)
{
	char *argv[] = { "--value", "7", "file", "--flag", "-c", "blue", "-", "--value=--flag",
		         "-cred" };
	int got[9];
	const char *values[9];
	(void)state;
	assert_int_equal(walk(9, argv, got, values), 7);
	assert_int_equal(got[0], VALUE);
	assert_string_equal(values[0], "7");
	assert_int_equal(got[1], CLI_OPERAND);
	assert_string_equal(values[1], "file");
	assert_int_equal(got[2], FLAG);
	assert_null(values[2]);
	assert_int_equal(got[3], WORD);
	assert_string_equal(values[3], "blue");
	assert_int_equal(got[4], CLI_OPERAND);      /* "-" alone is an operand */
	assert_string_equal(values[4], "-");
	assert_int_equal(got[5], VALUE);            /* after '=', any text is the value */
	assert_string_equal(values[5], "--flag");
	assert_int_equal(got[6], WORD);             /* a short option's value written onto it */
	assert_string_equal(values[6], "red");
}

/* The walk over argv stops at an error, which is its call number at (from 0). */
static void refused_at(int argc, char **argv, int at)
{
	int got[4];
	const char *values[4];
	assert_int_equal(walk(argc, argv, got, values), at + 1);
	assert_int_equal(got[at], CLI_ERROR);
}

static void unknown_options_missing_values_and_other_words_are_errors(void **state)
{
	char *unknown[] = { "file", "--frob" };
	char *missing[] = { "--flag", "--value" };
	char *word[] = { "-c", "green" };
	char *prefix[] = { "--fla" };                 /* no abbreviations */
	char *forgotten[] = { "--value", "--flag" };  /* an option where the value goes */
	char *help[] = { "--value", "-h" };
	char *flag_value[] = { "--flag=x" };          /* a flag takes no value */
	char *short_equals[] = { "-c=blue" };         /* '=' only after a long option */
	char *stuck_word[] = { "-cgreen" };           /* a value written onto -c is checked too */
	char *stuck_flag[] = { "--flagx" };           /* only a short option takes one so */
	(void)state;
	refused_at(2, unknown, 1);
	refused_at(2, missing, 1);
	refused_at(2, word, 0);
	refused_at(1, prefix, 0);
	refused_at(2, forgotten, 0);
	refused_at(2, help, 0);
	refused_at(1, flag_value, 0);
	refused_at(1, short_equals, 0);
	refused_at(1, stuck_word, 0);
	refused_at(1, stuck_flag, 0);
}

static void help_is_asked_as_an_option_not_as_a_value(void **state)
{
	char *as_option[] = { "file", "--flag", "-h" };
	char *long_option[] = { "--help", "--frob" };
	char *as_value[] = { "--value", "--help", "file" };
	(void)state;
	assert_true(cli_asks_help(&command, 3, as_option));
	assert_true(cli_asks_help(&command, 2, long_option));
	assert_false(cli_asks_help(&command, 3, as_value));
}

static void every_command_is_found_by_its_name(void **state)
{
	(void)state;
	for (unsigned i = 0; cli_commands[i]; i++)
		assert_ptr_equal(cli_find(cli_commands[i]->name), cli_commands[i]);
	assert_null(cli_find("frobnicate"));
	assert_non_null(cli_find("help"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_are_decimal_or_0x_hex),
		cmocka_unit_test(a_leading_zero_is_decimal_not_octal),
		cmocka_unit_test(signs_spaces_junk_and_overflow_are_refused),
		cmocka_unit_test(a_number_above_the_maximum_is_refused),
		cmocka_unit_test(the_walk_returns_options_values_and_operands),
		cmocka_unit_test(unknown_options_missing_values_and_other_words_are_errors),
		cmocka_unit_test(help_is_asked_as_an_option_not_as_a_value),
		cmocka_unit_test(every_command_is_found_by_its_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
