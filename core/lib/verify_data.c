/*
 * verify_data.c - `migrator verify --with-data` (verify_data.h): the
 * driver's rows and counts, compared.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "runner_int.h"
#include "verify_data.h"

struct mg_vdata {
	mg_runner *r;
	struct mg_verify_data opt;
	/* C0..C3: two strings per table, its name and its count; empty
	 * when not taken (the move failed) */
	mg_strvec counts[4];
	int taken[4];
	mg_strvec warned; /* the tables already NOT_EXERCISED */
};

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

int mg_vdata_new(struct mg_vdata **out, mg_runner *r,
		 const struct mg_verify_data *data, mg_diag *d)
{
	*out = NULL;
	if (!data)
		return 0;
	if (!MG_DRV_HAS_MINOR(r->drv, 3, data_fill) ||
	    !MG_DRV_HAS_MINOR(r->drv, 3, data_count))
		return mg_run_unsupported(r, "verify --with-data",
					  "cannot make rows (driver ABI 2.3)",
					  d);
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return nomem(d);
	(*out)->r = r;
	(*out)->opt = *data;
	return 0;
}

void mg_vdata_free(struct mg_vdata *v)
{
	if (!v)
		return;
	for (int i = 0; i < 4; i++)
		mg_strvec_clear(&v->counts[i]);
	mg_strvec_clear(&v->warned);
	free(v);
}

/* A driver's failure: its error, or a word for one that said nothing. */
static int failed(int rc, const char *what, mg_diag *d)
{
	if (rc && !d->code)
		mg_diag_set(d, MIGRATOR_EDB, "could not %s", what);
	return rc ? d->code : 0;
}

/* e (message and hint set, or NULL after running out of memory) as a
 * finding or warning of rev about table: located, then moved into out. */
static int add(mg_verify *out, enum mg_finding_kind kind,
	       const struct migrator_revision *rev, mg_diag *e,
	       const char *table, long long before, long long after,
	       mg_diag *d)
{
	mg_diag_locate(e, rev->script->path, 0);
	mg_diag_revision(e, rev->id);
	if (e->message && e->hint &&
	    !mg_verify_add_table(out, kind, rev, e, table, before, after))
		return 0;
	mg_diag_clear(e);
	return nomem(d);
}

static int not_exercised(struct mg_vdata *v, mg_verify *out,
			 const struct migrator_revision *rev,
			 const char *table, const char *why, mg_diag *d)
{
	mg_diag e = MG_DIAG_INIT;

	if (mg_strvec_find(&v->warned, table) >= 0)
		return 0;
	if (mg_strvec_push(&v->warned, table))
		return nomem(d);
	mg_diag_set(&e, MIGRATOR_EDB, "table %s not exercised: %s", table,
		    why);
	mg_diag_hint(&e, "No generated row fits the table (seed %llu), so "
			 "the upgrades from this revision on ran with it "
			 "empty.  Check its constraints, or try another "
			 "--seed.",
		     v->opt.seed);
	return add(out, MG_FIND_NOT_EXERCISED, rev, &e, table, -1, -1, d);
}

/* An INFO event (a -v line): "rows before ID: t1 3, t2 0". */
static int tell(struct mg_vdata *v, const struct migrator_revision *rev,
		mg_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;
	const mg_strvec *c = &v->counts[0];
	int rc = mg_buf_printf(&b, "rows before %s:%s", rev->id,
			       c->n ? "" : " no tables");

	for (size_t k = 0; !rc && k + 1 < c->n; k += 2)
		rc = mg_buf_printf(&b, "%s %s %s", k ? "," : "", c->v[k],
				   c->v[k + 1]);
	if (!rc)
		mg_runner_event(v->r, MIGRATOR_EVENT_INFO, NULL, 0,
				mg_buf_cstr(&b), NULL);
	mg_buf_free(&b);
	return rc ? nomem(d) : 0;
}

int mg_vdata_fill(struct mg_vdata *v, mg_verify *out,
		  const struct migrator_revision *rev, size_t i, mg_diag *d)
{
	const struct migrator_driver *drv = v->r->drv;
	/* each step its own values, all made from the seed */
	uint64_t seed = (uint64_t)v->opt.seed ^
			((uint64_t)(i + 1) * 0x9e3779b97f4a7c15u);
	mg_strvec got = MG_STRVEC_INIT;
	int rc;

	for (int k = 0; k < 4; k++) {
		mg_strvec_clear(&v->counts[k]);
		v->taken[k] = 0;
	}
	rc = failed(drv->data_fill(v->r->conn, v->r->version_table,
				   v->r->history_table, seed, v->opt.rows,
				   &got, d),
		    "make rows", d);
	for (size_t k = 0; !rc && k + 2 < got.n; k += 3) {
		if (mg_strvec_push(&v->counts[0], got.v[k]) ||
		    mg_strvec_push(&v->counts[0], got.v[k + 1]))
			rc = nomem(d);
		else if (*got.v[k + 2])
			rc = not_exercised(v, out, rev, got.v[k],
					   got.v[k + 2], d);
	}
	v->taken[0] = !rc;
	mg_strvec_clear(&got);
	if (!rc)
		rc = tell(v, rev, d);
	return rc;
}

int mg_vdata_count(struct mg_vdata *v, int at, mg_diag *d)
{
	int rc;

	mg_strvec_clear(&v->counts[at]);
	rc = failed(v->r->drv->data_count(v->r->conn, v->r->version_table,
					  v->r->history_table,
					  &v->counts[at], d),
		    "count rows", d);
	v->taken[at] = !rc;
	return rc;
}

/* Table name's count in c, or -1. */
static long long count_of(const mg_strvec *c, const char *name)
{
	for (size_t k = 0; k + 1 < c->n; k += 2)
		if (strcmp(c->v[k], name) == 0)
			return strtoll(c->v[k + 1], NULL, 10);
	return -1;
}

static const char *const moments[4] = {
	"before the upgrade", "after the upgrade", "after the downgrade",
	"after the upgrade ran again"};

/* from and to: the counts that must agree. */
static int pair(struct mg_vdata *v, mg_verify *out,
		const struct migrator_revision *rev, int from, int to,
		mg_diag *d)
{
	const mg_strvec *a = &v->counts[from];

	if (!v->taken[from] || !v->taken[to])
		return 0;
	for (size_t k = 0; k + 1 < a->n; k += 2) {
		long long before = strtoll(a->v[k + 1], NULL, 10);
		long long after = count_of(&v->counts[to], a->v[k]);
		mg_diag e = MG_DIAG_INIT;

		if (after < 0 || after == before)
			continue;
		mg_diag_set(&e, MIGRATOR_EDB,
			    "table %s held %lld row%s %s and %lld %s", a->v[k],
			    before, before == 1 ? "" : "s", moments[from],
			    after, moments[to]);
		mg_diag_hint(&e, "The round trip must keep the rows (seed "
				 "%llu): does every statement that rebuilds "
				 "or renames a table copy them, in both "
				 "directions?",
			     v->opt.seed);
		if (add(out, MG_FIND_ROWS_CHANGED, rev, &e, a->v[k], before,
			after, d))
			return MIGRATOR_ENOMEM;
	}
	return 0;
}

int mg_vdata_compare(struct mg_vdata *v, mg_verify *out,
		     const struct migrator_revision *rev, mg_diag *d)
{
	int rc = pair(v, out, rev, 0, 2, d);

	return rc ? rc : pair(v, out, rev, 1, 3, d);
}

void mg_vdata_hint(const struct mg_vdata *v, mg_diag *e)
{
	char *h;

	if (!v)
		return;
	h = mg_strdup_printf("%s%sThe tables held generated rows (verify "
			     "--with-data --seed %llu, up to %u per table): "
			     "on empty tables it may pass.",
			     e->hint ? e->hint : "", e->hint ? "  " : "",
			     v->opt.seed, v->opt.rows);
	if (h) {
		free(e->hint);
		e->hint = h;
	}
}
