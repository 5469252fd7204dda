/*
 * verify_result.c - what `migrator verify` found: a list of findings and
 * how far the walk got (verify.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "verify.h"

struct mg_verify {
	struct mg_finding *v;
	size_t n, cap;
	struct mg_finding *w; /* warnings */
	size_t nw, wcap;
	int with_data;
	unsigned long long seed;
	size_t planned, walked;
	const struct migrator_revision *stopped;
};

static const char *const kind_names[] = {
	"several_heads",    "upgrade_failed",   "verify_failed",
	"no_downgrade",     "downgrade_failed", "downgrade_drift",
	"reupgrade_failed", "reupgrade_drift",  "rows_changed",
	"not_exercised",
};

const char *mg_finding_kind_name(enum mg_finding_kind kind)
{
	if ((size_t)kind >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "unknown";
	return kind_names[kind];
}

int mg_verify_new(mg_verify **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : MIGRATOR_ENOMEM;
}

/* A new finding at the end of *list (zeroed), or NULL. */
static struct mg_finding *append(struct mg_finding **list, size_t *n,
				 size_t *cap)
{
	struct mg_finding *f;

	if (mg_array_grow(list, cap, *n + 1, sizeof(**list), 8) < 0)
		return NULL;
	f = &(*list)[(*n)++];
	memset(f, 0, sizeof(*f));
	f->before = f->after = -1;
	return f;
}

int mg_verify_add(mg_verify *v, enum mg_finding_kind kind,
		  const struct migrator_revision *rev, mg_diag *d,
		  mg_check *drift)
{
	struct mg_finding *f = append(&v->v, &v->n, &v->cap);

	if (!f) {
		mg_check_free(drift);
		return MIGRATOR_ENOMEM;
	}
	f->kind = kind;
	f->rev = rev;
	f->drift = drift;
	if (d) {
		f->diag = *d; /* the strings move */
		mg_diag_init(d);
	} else {
		mg_diag_init(&f->diag);
	}
	return 0;
}

int mg_verify_add_table(mg_verify *v, enum mg_finding_kind kind,
			const struct migrator_revision *rev, mg_diag *d,
			const char *table, long long before, long long after)
{
	struct mg_finding *f;
	char *t = strdup(table);

	f = !t ? NULL
	    : kind == MG_FIND_NOT_EXERCISED ? append(&v->w, &v->nw, &v->wcap)
					    : append(&v->v, &v->n, &v->cap);
	if (!f) {
		free(t);
		return MIGRATOR_ENOMEM;
	}
	f->kind = kind;
	f->rev = rev;
	f->diag = *d; /* the strings move */
	mg_diag_init(d);
	f->table = t;
	f->before = before;
	f->after = after;
	return 0;
}

void mg_verify_set_seed(mg_verify *v, unsigned long long seed)
{
	v->with_data = 1;
	v->seed = seed;
}

int mg_verify_seed(const mg_verify *v, unsigned long long *seed)
{
	if (seed)
		*seed = v && v->with_data ? v->seed : 0;
	return v ? v->with_data : 0;
}

size_t mg_verify_warnings(const mg_verify *v)
{
	return v ? v->nw : 0;
}

const struct mg_finding *mg_verify_warning_at(const mg_verify *v, size_t i)
{
	return v && i < v->nw ? &v->w[i] : NULL;
}

void mg_verify_set_counts(mg_verify *v, size_t planned, size_t walked,
			  const struct migrator_revision *stopped)
{
	v->planned = planned;
	v->walked = walked;
	v->stopped = stopped;
}

size_t mg_verify_size(const mg_verify *v)
{
	return v ? v->n : 0;
}

const struct mg_finding *mg_verify_at(const mg_verify *v, size_t i)
{
	return v && i < v->n ? &v->v[i] : NULL;
}

mg_check *mg_verify_take_drift(mg_verify *v, size_t i)
{
	mg_check *c;

	if (!v || i >= v->n)
		return NULL;
	c = v->v[i].drift;
	v->v[i].drift = NULL;
	return c;
}

size_t mg_verify_planned(const mg_verify *v)
{
	return v ? v->planned : 0;
}

size_t mg_verify_walked(const mg_verify *v)
{
	return v ? v->walked : 0;
}

const struct migrator_revision *mg_verify_stopped(const mg_verify *v)
{
	return v ? v->stopped : NULL;
}

void mg_verify_free(mg_verify *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		mg_diag_clear(&v->v[i].diag);
		mg_check_free(v->v[i].drift);
		free(v->v[i].table);
	}
	for (size_t i = 0; i < v->nw; i++) {
		mg_diag_clear(&v->w[i].diag);
		free(v->w[i].table);
	}
	free(v->v);
	free(v->w);
	free(v);
}
