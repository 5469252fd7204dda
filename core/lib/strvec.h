/*
 * strvec.h - a growable vector of owned strings.
 */
#ifndef MG_STRVEC_H
#define MG_STRVEC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct migrator_strvec {
	char **v;   /* v[0..n-1] are malloc'd copies; v[n] is NULL when n > 0 */
	size_t n;
	size_t cap;
};
typedef struct migrator_strvec mg_strvec;

#define MG_STRVEC_INIT {NULL, 0, 0}

/* Appends a copy of s.  Returns 0 or MIGRATOR_ENOMEM. */
int mg_strvec_push(mg_strvec *v, const char *s);
/* Appends a copy of the first len bytes of s. */
int mg_strvec_pushn(mg_strvec *v, const char *s, size_t len);
/* Index of s in v, or -1. */
long mg_strvec_find(const mg_strvec *v, const char *s);
/* Removes element i, keeping order. */
void mg_strvec_remove(mg_strvec *v, size_t i);
void mg_strvec_sort(mg_strvec *v);
void mg_strvec_clear(mg_strvec *v);

#ifdef __cplusplus
}
#endif
#endif
