/*
 * diff.c - `migrator diff`: the revision that turns the migrations' head
 * schema into SOURCE's, proven before anyone sees it.
 *
 * The head schema is built on a scratch database ("head", as check
 * builds it); SOURCE is a database URL of the same driver, or a .sql file
 * loaded into a second scratch database.  Both are introspected, and
 * diff_plan.c lists the changes each way: head -> SOURCE for the
 * upgrade, SOURCE -> head (the renames turned round) for the downgrade.
 * The driver's diff_render writes each change's statements, reading what
 * it needs on the side the change leads to.  Then the proof, on the head
 * scratch database: the upgrade runs there in one transaction (as a run
 * applies a revision), its schema must equal SOURCE's (check's comparison
 * and the tables' definitions as the driver reports them: SQLite's text,
 * which holds the column order; PostgreSQL's constraints), the downgrade
 * runs, and
 * the schema must equal the head's again.  Anything else is an error that
 * shows the failing statement or the remaining differences, and nothing
 * is written.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "dump.h"
#include "file_io.h"
#include "runner_int.h"
#include "scratch.h"

/* The work of one diff: connections, schemas, plans, statements. */
struct job {
	mg_runner *r;
	const char *dialect; /* the sections' dialect, or NULL */
	struct migrator_conn *head, *src;
	int src_scratch;
	struct migrator_schema *want, *have; /* head's, SOURCE's */
	struct mg_diff_rename *ren;          /* up: [0, n); down: [n, 2n) */
	size_t nren;
	mg_strvec names; /* owns the renames' strings */
	mg_diff_plan *up, *down;
	mg_strvec upsql, downsql; /* statements; "" before a note: none */
	struct mg_buf text;
	size_t destructive;
};

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

/* "table:OLD=NEW" or "column:TABLE.OLD=NEW" into x (strings in names). */
static int parse_rename(struct job *j, const char *arg,
			struct mg_diff_rename *x, mg_diag *d)
{
	int column = strncmp(arg, "column:", 7) == 0;
	const char *s = column ? arg + 7
			: strncmp(arg, "table:", 6) == 0 ? arg + 6
							 : NULL;
	const char *eq = s ? strchr(s, '=') : NULL;
	const char *dot = column && eq ? memchr(s, '.', (size_t)(eq - s))
				       : NULL;
	size_t base = j->names.n;

	if (!eq || eq == s || !eq[1] || (column && (!dot || dot == s ||
						    dot + 1 == eq))) {
		mg_diag_set(d, MIGRATOR_EUSAGE, "bad --rename %s", arg);
		mg_diag_hint(d, "Give --rename table:OLD=NEW or --rename "
				"column:TABLE.OLD=NEW.");
		return MIGRATOR_EUSAGE;
	}
	if ((column && mg_strvec_pushn(&j->names, s, (size_t)(dot - s)) < 0) ||
	    mg_strvec_pushn(&j->names, column ? dot + 1 : s,
			    (size_t)(eq - (column ? dot + 1 : s))) < 0 ||
	    mg_strvec_push(&j->names, eq + 1) < 0)
		return nomem(d);
	x->table = column ? j->names.v[base] : NULL;
	x->old = j->names.v[base + (column ? 1 : 0)];
	x->new = j->names.v[base + (column ? 2 : 1)];
	return 0;
}

/* The renames, and the same turned round for the downgrade: a column's
 * table there is its name in the head schema. */
static int renames(struct job *j, const struct migrator_diff_spec *spec,
		   mg_diag *d)
{
	size_t n = spec->nrenames;
	int rc = 0;

	j->ren = calloc(2 * n + 1, sizeof(*j->ren));
	if (!j->ren)
		return nomem(d);
	for (size_t i = 0; !rc && i < n; i++)
		rc = parse_rename(j, spec->renames[i], &j->ren[i], d);
	for (size_t i = 0; !rc && i < n; i++) {
		struct mg_diff_rename *x = &j->ren[n + i];

		x->old = j->ren[i].new;
		x->new = j->ren[i].old;
		x->table = j->ren[i].table;
		for (size_t k = 0; x->table && k < n; k++)
			if (!j->ren[k].table &&
			    strcmp(j->ren[k].new, x->table) == 0)
				x->table = j->ren[k].old;
	}
	j->nren = n;
	return rc;
}

/* SOURCE: a .sql file into a scratch database, else a URL. */
static int open_source(struct job *j, const char *to, mg_diag *d)
{
	size_t n = strlen(to);
	struct migrator_connect_params params;
	struct mg_buf b = MG_BUF_INIT;
	int rc;

	if (n > 4 && strcmp(to + n - 4, ".sql") == 0) {
		rc = mg_file_read(&b, to, d);
		if (!rc) {
			j->src_scratch = 1;
			rc = mg_scratch_open(&j->src, j->r, d);
		}
		if (!rc)
			rc = mg_load_text(j->r, j->src, to, b.ptr, b.len, d);
		mg_buf_free(&b);
		return rc;
	}
	mg_connect_params(&params, j->r, 0);
	params.url = to;
	rc = j->r->drv->connect(&j->src, &params, d);
	if (rc) {
		j->src = NULL;
		if (!d->code)
			mg_diag_set(d, MIGRATOR_EDB,
				    "could not connect to the database");
	}
	return rc;
}

static void close_source(struct job *j, int *rc, mg_diag *d)
{
	if (j->src_scratch)
		*rc = mg_scratch_close(j->r, j->src, *rc, d);
	else if (j->src)
		j->r->drv->close(j->src);
	j->src = NULL;
	j->src_scratch = 0;
}

/* The comments above a change: its note, and what it destroys. */
static int comments(struct job *j, struct mg_buf *b,
		    const struct mg_diff_entry *e, int up)
{
	int rc = 0;
	char *w = NULL;

	if (e->note)
		rc = mg_buf_printf(b, "-- %s\n", e->note);
	if (!rc && e->destructive) {
		w = e->c.op == MIGRATOR_DIFF_DROP
			    ? mg_strdup_printf("destructive: drops table %s",
					       e->c.name)
			    : mg_strdup_printf("destructive: drops %zu "
					       "column(s) of table %s",
					       e->c.ndropped, e->c.old_name);
		rc = w ? mg_buf_printf(b, "-- %s\n", w) : MIGRATOR_ENOMEM;
		if (w && up) {
			/* --dialects: each dialect says it, named */
			char *named = j->dialect ? mg_strdup_printf(
					"dialect %s: %s", j->dialect, w) : NULL;

			j->destructive++;
			mg_runner_event(j->r, MIGRATOR_EVENT_WARNING, NULL, 0,
					named ? named : w, NULL);
			free(named);
		}
	}
	free(w);
	return rc;
}

/* A section: each change's comments and statements; the statements are
 * rendered again change by change so that each comment stands above its
 * own. */
static int section(struct job *j, const char *title, const mg_diff_plan *p,
		   struct migrator_conn *to, mg_strvec *all, int up,
		   mg_diag *d)
{
	int rc = mg_buf_printf(&j->text, "%s-- migrator:%s%s%s\n",
			       up ? "" : "\n", title, j->dialect ? " " : "",
			       j->dialect ? j->dialect : "");

	for (size_t i = 0; !rc && i < mg_diff_plan_size(p); i++) {
		const struct mg_diff_entry *e = mg_diff_plan_at(p, i);
		mg_strvec one = MG_STRVEC_INIT;

		rc = comments(j, &j->text, e, up);
		if (rc) {
			rc = nomem(d);
			break;
		}
		rc = j->r->drv->diff_render(to, &e->c,
					    (struct migrator_strvec *)&one, d);
		for (size_t k = 0; !rc && k < one.n; k++)
			if (mg_strvec_push(all, one.v[k]) < 0 ||
			    mg_buf_printf(&j->text, "%s;\n", one.v[k]))
				rc = nomem(d);
		mg_strvec_clear(&one);
	}
	return rc;
}

/* The remaining differences, one per line of the detail. */
static int differences(mg_check *c, const char *what, mg_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;
	size_t n = mg_check_size(c);

	for (size_t i = 0; i < n && i < 10; i++) {
		const struct mg_drift *x = mg_check_at(c, i);

		mg_buf_printf(&b, "%s%s %s%s%s%s%s: %s expected, %s found",
			      i ? "\n" : "", mg_drift_kind_name(x->kind),
			      x->table ? x->table : "",
			      x->table && x->name ? "." : "",
			      x->name ? x->name : "", x->field ? " " : "",
			      x->field ? x->field : "",
			      x->expected ? x->expected : "none",
			      x->found ? x->found : "none");
	}
	mg_diag_set(d, MIGRATOR_EDB,
		    "the generated %s leaves %zu difference(s); nothing was "
		    "written", what, n);
	mg_diag_detail(d, "%s", b.ptr ? b.ptr : "");
	mg_diag_hint(d, "diff cannot express this change yet: write the "
			"revision by hand (`migrator revision`), or report "
			"it.");
	mg_buf_free(&b);
	return MIGRATOR_EDB;
}

/* Runs stmts on the head scratch database in one transaction, as a run
 * applies a revision, and compares its schema with want. */
static int prove(struct job *j, const mg_strvec *stmts, const char *what,
		 struct migrator_schema *want, mg_diag *d)
{
	const struct migrator_driver *drv = j->r->drv;
	struct migrator_schema *got = NULL;
	mg_diag tmp = MG_DIAG_INIT;
	mg_check *c = NULL;
	const char *failed = NULL;
	int rc = drv->begin(j->head, &tmp);

	for (size_t i = 0; !rc && i < stmts->n; i++) {
		rc = drv->exec(j->head, stmts->v[i], strlen(stmts->v[i]),
			       &tmp);
		if (rc)
			failed = stmts->v[i];
	}
	if (!rc && (rc = drv->commit(j->head, &tmp)) != 0)
		failed = "(the commit)";
	if (rc) {
		mg_diag ignore = MG_DIAG_INIT;

		drv->rollback(j->head, &ignore);
		mg_diag_clear(&ignore);
		mg_diag_set(d, MIGRATOR_EDB,
			    "the generated %s failed on a scratch database "
			    "built from the migrations; nothing was written",
			    what);
		mg_diag_detail(d, "%s: %s", failed ? failed : "(the begin)",
			       tmp.message ? tmp.message : "unknown error");
		mg_diag_clear(&tmp);
		return MIGRATOR_EDB;
	}
	rc = mg_schema_snapshot(&got, j->r, j->head, d);
	if (!rc && mg_schema_diff(&c, want, got, MG_SCHEMA_DEFINITIONS))
		rc = nomem(d);
	if (!rc && mg_check_size(c))
		rc = differences(c, what, d);
	mg_check_free(c);
	mg_schema_free(got);
	return rc;
}

/* Both schemas, both plans. */
static int compare(struct job *j, const struct migrator_diff_spec *spec,
		   mg_diag *d)
{
	mg_revset heads = MG_REVSET_INIT;
	int rc = mg_target_resolve(&heads, j->r->graph, "heads", NULL, d);

	if (!rc)
		rc = mg_scratch_open(&j->head, j->r, d);
	if (!rc)
		rc = mg_check_build(j->r, j->head, &heads, 0, d);
	mg_revset_clear(&heads);
	if (!rc)
		rc = mg_schema_snapshot(&j->want, j->r, j->head, d);
	if (!rc)
		rc = open_source(j, spec->to, d);
	if (!rc)
		rc = mg_schema_snapshot(&j->have, j->r, j->src, d);
	if (!rc)
		rc = mg_diff_plan_new(&j->up, j->want, j->have, j->ren,
				      j->nren, d);
	if (!rc)
		rc = mg_diff_plan_new(&j->down, j->have, j->want,
				      j->ren + j->nren, j->nren, d);
	return rc;
}

static int refuse_destructive(struct job *j, mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_EDRIFT,
		    "the revision would destroy data (%zu destructive "
		    "change(s)); nothing was written",
		    j->destructive);
	mg_diag_hint(d, "Review the changes listed above; without --strict "
			"diff writes the revision with each one marked.");
	return MIGRATOR_EDRIFT;
}

static int supported(mg_runner *r, mg_diag *d)
{
	int rc = mg_runner_load_plugin(r, d);

	if (!rc)
		rc = mg_scratch_supported(r, "diff", d);
	if (!rc && !MG_DRV_HAS_MINOR(r->drv, 4, diff_render))
		rc = mg_diag_set(d, MIGRATOR_EPLUGIN,
				 "diff is not supported by the %s driver",
				 r->drv->name);
	if (!rc)
		rc = mg_runner_load_graph(r, d);
	if (!rc && !(r->drv->caps & MIGRATOR_CAP_SCRATCH_ALONE))
		rc = mg_runner_connect(r, 0, d);
	return rc;
}

int mg_diff_sections(char **text, mg_runner *r,
		     const struct migrator_diff_spec *spec, const char *dialect,
		     mg_diag *d)
{
	struct job j;
	int rc;

	*text = NULL;
	memset(&j, 0, sizeof(j));
	j.r = r;
	j.dialect = dialect;
	rc = renames(&j, spec, d);
	if (!rc)
		rc = supported(r, d);
	if (!rc)
		rc = compare(&j, spec, d);
	if (!rc && !mg_diff_plan_size(j.up) && !mg_diff_plan_size(j.down))
		goto out; /* no difference */
	if (!rc)
		rc = section(&j, "upgrade", j.up, j.src, &j.upsql, 1, d);
	close_source(&j, &rc, d);
	if (!rc)
		rc = section(&j, "downgrade", j.down, j.head, &j.downsql, 0,
			     d);
	if (!rc && j.destructive && (spec->flags & MIGRATOR_DIFF_STRICT))
		rc = refuse_destructive(&j, d);
	if (!rc)
		rc = prove(&j, &j.upsql, "upgrade", j.have, d);
	if (!rc)
		rc = prove(&j, &j.downsql, "downgrade", j.want, d);
	if (!rc) {
		*text = mg_buf_detach(&j.text);
		rc = *text ? 0 : nomem(d);
	}
out:
	close_source(&j, &rc, d);
	rc = mg_scratch_close(r, j.head, rc, d);
	mg_diff_plan_free(j.up);
	mg_diff_plan_free(j.down);
	mg_schema_free(j.want);
	mg_schema_free(j.have);
	mg_strvec_clear(&j.upsql);
	mg_strvec_clear(&j.downsql);
	mg_strvec_clear(&j.names);
	mg_buf_free(&j.text);
	free(j.ren);
	return rc;
}
