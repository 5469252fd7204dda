#include "tap.h"

#include <stdio.h>
#include <string.h>

static int count, failed, current_failed, current_checks;

void tap_begin(void)
{
	current_failed = 0;
	current_checks = 0;
}

int tap_end(const char *desc)
{
	count++;
	/* A test that checked nothing proves nothing: it fails. */
	if (!current_checks && !current_failed) {
		printf("# no checks were made\n");
		current_failed = 1;
	}
	if (current_failed)
		failed++;
	printf("%sok %d - %s\n", current_failed ? "not " : "", count, desc);
	fflush(stdout);
	return !current_failed;
}

int test_done(void)
{
	printf("1..%d\n", count);
	if (count == 0) {
		printf("# no tests ran\n");
		return 1;
	}
	return failed ? 1 : 0;
}

int tap_check(int ok, const char *file, int line, const char *expr)
{
	current_checks++;
	if (!ok) {
		printf("# %s:%d: check failed: %s\n", file, line, expr);
		current_failed = 1;
	}
	return ok;
}

static int compare(long long a, const char *op, long long b)
{
	if (strcmp(op, "==") == 0)
		return a == b;
	if (strcmp(op, "!=") == 0)
		return a != b;
	if (strcmp(op, "<") == 0)
		return a < b;
	if (strcmp(op, "<=") == 0)
		return a <= b;
	if (strcmp(op, ">") == 0)
		return a > b;
	if (strcmp(op, ">=") == 0)
		return a >= b;
	printf("# unknown operator %s in check_int\n", op);
	return 0;
}

int tap_check_int(long long a, const char *op, long long b, const char *file,
		  int line, const char *expr)
{
	int ok = compare(a, op, b);

	current_checks++;
	if (!ok) {
		printf("# %s:%d: check failed: %s\n#   left: %lld\n#   "
		       "right: %lld (%s)\n",
		       file, line, expr, a, b, op);
		current_failed = 1;
	}
	return ok;
}

int tap_check_str(const char *a, const char *b, const char *file, int line,
		  const char *expr)
{
	int ok = (a == NULL && b == NULL) ||
		 (a != NULL && b != NULL && strcmp(a, b) == 0);

	current_checks++;
	if (!ok) {
		printf("# %s:%d: check failed: %s\n#   left: \"%s\"\n#   "
		       "right: \"%s\"\n",
		       file, line, expr, a ? a : "(null)", b ? b : "(null)");
		current_failed = 1;
	}
	return ok;
}
