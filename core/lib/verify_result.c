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
	size_t planned, walked;
	const struct migrator_revision *stopped;
};

static const char *const kind_names[] = {
	"several_heads",    "upgrade_failed",   "verify_failed",
	"no_downgrade",     "downgrade_failed", "downgrade_drift",
	"reupgrade_failed", "reupgrade_drift",
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

int mg_verify_add(mg_verify *v, enum mg_finding_kind kind,
		  const struct migrator_revision *rev, mg_diag *d,
		  mg_check *drift)
{
	struct mg_finding *f;

	if (mg_array_grow(&v->v, &v->cap, v->n + 1, sizeof(*v->v), 8) < 0) {
		mg_check_free(drift);
		return MIGRATOR_ENOMEM;
	}
	f = &v->v[v->n++];
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
	}
	free(v->v);
	free(v);
}
