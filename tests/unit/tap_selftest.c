/*
 * tap_selftest.c - the harness on itself (run by tap_selftest.sh, which
 * reads what it prints): one TEST that checks and passes, one that makes
 * no check at all, which must fail.
 */
#include "tap.h"

static void checks_something(void)
{
	check_int(1 + 1, ==, 2);
}

static void checks_nothing(void)
{
}

int main(void)
{
	TEST(checks_something(), "a test that checks");
	TEST(checks_nothing(), "a test that checks nothing");
	return test_done();
}
