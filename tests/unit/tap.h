/*
 * tap.h - a tiny TAP harness for the C unit tests, shaped like git's
 * t/unit-tests/test-lib.h.
 *
 *   static void test_x(void) { check_int(1 + 1, ==, 2); }
 *   int main(void) { TEST(test_x(), "one plus one"); return test_done(); }
 *
 * Each TEST prints "ok N - desc" or "not ok N - desc"; a failed check prints
 * "# file:line: ..." first; a TEST that made no check fails ("# no checks
 * were made").  test_done() prints the plan and returns the exit
 * status (non-zero if anything failed).
 */
#ifndef TAP_H
#define TAP_H

#include <stddef.h>

void tap_begin(void);
int tap_end(const char *desc);
int test_done(void);

int tap_check(int ok, const char *file, int line, const char *expr);
/* op is the operator's text ("==", "<", ...): each operand is evaluated
 * exactly once. */
int tap_check_int(long long a, const char *op, long long b, const char *file,
		  int line, const char *expr);
int tap_check_str(const char *a, const char *b, const char *file, int line,
		  const char *expr);

#define TEST(call, desc) \
	do { \
		tap_begin(); \
		call; \
		tap_end(desc); \
	} while (0)

#define check(expr) tap_check(!!(expr), __FILE__, __LINE__, #expr)
#define check_int(a, op, b) \
	tap_check_int((long long)(a), #op, (long long)(b), __FILE__, __LINE__, \
		      #a " " #op " " #b)
#define check_str(a, b) tap_check_str((a), (b), __FILE__, __LINE__, #a " == " #b)

#endif
