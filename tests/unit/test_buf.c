/*
 * test_buf.c - mg_array_grow, the one helper the core's arrays grow with.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "tap.h"

static void grows_from_null(void)
{
	int *v = NULL;
	size_t cap = 0;

	check_int(mg_array_grow(&v, &cap, 1, sizeof(*v), 4), ==, 0);
	check(v != NULL);
	check_int(cap, ==, 4);
	for (int i = 0; i < 4; i++)
		v[i] = i;
	/* room enough already: nothing moves */
	check_int(mg_array_grow(&v, &cap, 4, sizeof(*v), 4), ==, 0);
	check_int(cap, ==, 4);
	/* doubles until need fits, keeping what is there */
	check_int(mg_array_grow(&v, &cap, 13, sizeof(*v), 4), ==, 0);
	check_int(cap, ==, 16);
	check_int(v[3], ==, 3);
	free(v);
}

static void refuses_overflow(void)
{
	int *v = NULL;
	size_t cap = 0;

	check_int(mg_array_grow(&v, &cap, 2, sizeof(*v), 2), ==, 0);
	/* need * size past SIZE_MAX: refused, the array left as it was */
	check_int(mg_array_grow(&v, &cap, SIZE_MAX / 2, sizeof(*v), 2), ==,
		  MIGRATOR_ENOMEM);
	check(v != NULL);
	check_int(cap, ==, 2);
	check_int(mg_array_grow(&v, &cap, SIZE_MAX, 1, 2), ==,
		  MIGRATOR_ENOMEM);
	check_int(cap, ==, 2);
	free(v);
}

int main(void)
{
	TEST(grows_from_null(), "an array grows from NULL, doubling");
	TEST(refuses_overflow(), "a size past SIZE_MAX is refused, "
				 "nothing lost");
	return test_done();
}
