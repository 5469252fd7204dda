/*
 * strvec.h - a growable vector of owned strings.
 */
#ifndef MIGRATOR_STRVEC_H
#define MIGRATOR_STRVEC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct migrator_strvec {
	char **v;   /* v[0..n-1] are malloc'd copies; v[n] is NULL when n > 0 */
	size_t n;
	size_t cap;
};
typedef struct migrator_strvec migrator_strvec;

#define MIGRATOR_STRVEC_INIT {NULL, 0, 0}

/* Appends a copy of s.  Returns 0 or MIGRATOR_ENOMEM. */
int migrator_strvec_push(migrator_strvec *v, const char *s);
/* Appends a copy of the first len bytes of s. */
int migrator_strvec_pushn(migrator_strvec *v, const char *s, size_t len);
/* Index of s in v, or -1. */
long migrator_strvec_find(const migrator_strvec *v, const char *s);
/* Removes element i, keeping order. */
void migrator_strvec_remove(migrator_strvec *v, size_t i);
void migrator_strvec_sort(migrator_strvec *v);
void migrator_strvec_clear(migrator_strvec *v);

#ifdef __cplusplus
}
#endif
#endif
