/*
 * adopt.c - `migrator adopt`: the other tool's record -> the applied
 * revisions -> one stamp.
 *
 * What each tool records (its own documentation):
 *   dbmate          schema_migrations(version): one row per applied file
 *   golang-migrate  schema_migrations(version bigint, dirty boolean): one
 *                   row, the last version applied (all before it are)
 *   Flyway          flyway_schema_history(installed_rank, version, type,
 *                   success, ...): one row per run migration; UNDO_SQL
 *                   rows undo a version, a BASELINE row a version up
 *                   to which everything counts as applied
 *   Sqitch          the registry's changes(change, ...) (PostgreSQL: schema
 *                   sqitch; SQLite: the file sqitch.<ext> beside the
 *                   database, attached) and tags(tag)
 *   Alembic         alembic_version(version_num): the heads
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "adopt.h"
#include "buf.h"
#include "graph.h"
#include "graph_build.h"
#include "target.h"
#include "import.h"
#include "runner_int.h"

struct adopt {
	mg_runner *r;
	const char *format;
	const char *table; /* the tool's table (Sqitch: registry); NULL: its
			    * default */
	mg_strvec rows; /* what foreign_read returned */
	int found;
	/* the applied revisions, by graph order; versions for messages */
	unsigned char *applied;
	const char **version_of; /* by graph order, borrowed from rows */
	int all_below; /* a record of the last version only: no gaps */
	mg_diag *d;
};

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int refuse(struct adopt *a, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int refuse(struct adopt *a, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mg_diag_vset(a->d, MIGRATOR_ESTAMP, fmt, ap);
	va_end(ap);
	mg_diag_detail(a->d, "Nothing was written: neither migrator's table "
			     "nor %s's.", a->format);
	if (hint)
		mg_diag_hint(a->d, "%s", hint);
	return MIGRATOR_ESTAMP;
}

static int read_table(struct adopt *a, const char *table,
		      const char *const *cols, size_t ncols,
		      const char *order_by, const char *attach)
{
	mg_runner *r = a->r;
	int rc;

	mg_strvec_clear(&a->rows);
	rc = r->drv->foreign_read(r->conn, table, cols, ncols, order_by,
				  attach, &a->found, &a->rows, a->d);
	if (rc)
		return rc;
	if (!a->found) {
		mg_diag_set(a->d, MIGRATOR_ESTAMP,
			    "the database has no %s table %s", a->format,
			    table);
		mg_diag_hint(a->d, "adopt reads the table that %s keeps of "
				   "what it applied; is this the database "
				   "that %s migrated?",
			     a->format, a->format);
		return MIGRATOR_ESTAMP;
	}
	return 0;
}

/* Marks the revision of version v applied (the version's ID, or id when
 * not NULL). */
static int mark(struct adopt *a, const char *v, const char *id)
{
	char *own = id ? NULL : mg_import_id(v, NULL);
	const struct migrator_revision *rev;

	if (!id && !own)
		return nomem(a->d);
	rev = mg_graph_get(a->r->graph, id ? id : own);
	if (!rev) {
		int rc = refuse(a, "Import the migrations that the database "
				   "was migrated with first (migrator import), "
				   "from the same version of the project.",
				"%s version %s is applied, but no migration "
				"file has it",
				a->format, v);

		mg_diag_detail(a->d, "No revision %s in %s; nothing was "
				     "written.",
			       id ? id : own, mg_graph_dir(a->r->graph));
		free(own);
		return rc;
	}
	free(own);
	a->applied[rev->order] = 1;
	a->version_of[rev->order] = v;
	return 0;
}

/* The tool's table: the one given, else its default name. */
static const char *table_or(const struct adopt *a, const char *dflt)
{
	return a->table ? a->table : dflt;
}

static int from_dbmate(struct adopt *a)
{
	static const char *const cols[] = {"version"};
	int rc = read_table(a, table_or(a, "schema_migrations"), cols, 1,
			    "version", NULL);

	for (size_t i = 0; !rc && i < a->rows.n; i++)
		rc = mark(a, a->rows.v[i], NULL);
	return rc;
}

static int truthy(const char *s)
{
	return strcmp(s, "t") == 0 || strcmp(s, "true") == 0 ||
	       strcmp(s, "1") == 0 || strcmp(s, "TRUE") == 0;
}

static int from_golang(struct adopt *a)
{
	static const char *const cols[] = {"version", "dirty"};
	int rc = read_table(a, table_or(a, "schema_migrations"), cols, 2,
			    NULL, NULL);

	a->all_below = 1;
	if (rc || a->rows.n == 0)
		return rc;
	if (a->rows.n != 2) {
		mg_diag_set(a->d, MIGRATOR_ESTAMP,
			    "schema_migrations holds %zu rows; golang-migrate "
			    "keeps one",
			    a->rows.n / 2);
		return MIGRATOR_ESTAMP;
	}
	if (truthy(a->rows.v[1]))
		return refuse(a, "Repair the database by hand, then mark it "
				 "clean with golang-migrate's `migrate force "
				 "VERSION`, and adopt again.",
			      "the database is dirty: golang-migrate's "
			      "version %s failed halfway",
			      a->rows.v[0]);
	return mark(a, a->rows.v[0], NULL);
}

/* Flyway's baseline (`flyway baseline`): every imported version up to v
 * counts as applied, as Flyway skips them, also when v has no file.  The
 * revision of a Flyway version is the version with '_' for '.'
 * (mg_import_id), so the IDs of digits and '_' are the Flyway ones. */
static int baseline(struct adopt *a, const char *v)
{
	size_t n = mg_graph_size(a->r->graph);

	for (size_t i = 0; i < n; i++) {
		const char *id = mg_graph_at(a->r->graph, i)->id;
		char *ver;

		if (id[0] < '0' || id[0] > '9' ||
		    id[strspn(id, "0123456789_")] != '\0')
			continue;
		ver = strdup(id);
		if (!ver)
			return nomem(a->d);
		for (char *c = ver; *c; c++)
			if (*c == '_')
				*c = '.';
		if (mg_import_flyway_cmp(ver, v) <= 0) {
			a->applied[i] = 1;
			a->version_of[i] = v;
		}
		free(ver);
	}
	return 0;
}

/* Flyway: rows of (installed_rank, version, type, success), by rank. */
static int from_flyway(struct adopt *a)
{
	static const char *const cols[] = {"installed_rank", "version", "type",
					   "success"};
	int rc = read_table(a, table_or(a, "flyway_schema_history"), cols, 4,
			    "installed_rank", NULL);

	for (size_t i = 0; !rc && i + 3 < a->rows.n; i += 4) {
		const char *v = a->rows.v[i + 1], *type = a->rows.v[i + 2];
		const struct migrator_revision *rev;
		char *id;

		if (!truthy(a->rows.v[i + 3]))
			return refuse(a, "Flyway itself refuses to go on: "
					 "repair the database, run `flyway "
					 "repair`, and adopt again.",
				      "flyway_schema_history has a failed row "
				      "for version %s",
				      *v ? v : "(repeatable)");
		if (!*v || strcmp(type, "SCHEMA") == 0 ||
		    strcmp(type, "DELETE") == 0)
			continue; /* repeatable runs, schema creation */
		if (strcmp(type, "BASELINE") == 0) {
			rc = baseline(a, v);
			continue;
		}
		if (strncmp(type, "UNDO", 4) != 0) {
			rc = mark(a, v, NULL);
			continue;
		}
		id = mg_import_id(v, NULL);
		if (!id)
			return nomem(a->d);
		rev = mg_graph_get(a->r->graph, id);
		free(id);
		if (rev)
			a->applied[rev->order] = 0;
	}
	return rc;
}

/* The revision of version v, or NULL (and *rc set if out of memory). */
static const struct migrator_revision *rev_of(struct adopt *a, const char *v,
					      int *rc)
{
	char *id = v ? mg_import_id(v, NULL) : NULL;
	const struct migrator_revision *rev =
		id ? mg_graph_get(a->r->graph, id) : NULL;

	if (!id)
		*rc = nomem(a->d);
	free(id);
	return rev;
}

static int by_order(const void *x, const void *y)
{
	const struct migrator_revision *const *a = x, *const *b = y;

	return ((*a)->order > (*b)->order) - ((*a)->order < (*b)->order);
}

/* Marks the instance of change name that its deployment number `seen`
 * (0: the first) stands for: the plan's instances, in plan order, are
 * name@TAG for the tags deployed (those before a rework) and name (the
 * latest). */
static int sqitch_instance(struct adopt *a, const char *name,
			   const mg_strvec *tags, size_t seen)
{
	const struct migrator_revision **inst =
		malloc((tags->n + 1) * sizeof(*inst));
	size_t n = 0;
	int rc = inst ? 0 : nomem(a->d);

	for (size_t t = 0; !rc && t <= tags->n; t++) {
		char *v = t < tags->n ? mg_strdup_printf("%s%s", name,
							 tags->v[t])
				      : NULL;
		const struct migrator_revision *rev =
			t < tags->n && !v ? NULL
					  : rev_of(a, v ? v : name, &rc);

		if (t < tags->n && !v)
			rc = nomem(a->d);
		if (rev)
			inst[n++] = rev;
		free(v);
	}
	if (!rc && n)
		qsort(inst, n, sizeof(*inst), by_order);
	if (!rc && seen == 0 && n == 0)
		rc = mark(a, name, NULL); /* its error: no file has it */
	else if (!rc && seen >= n)
		rc = refuse(a, NULL,
			    "sqitch change %s is deployed more often than "
			    "the migrations have instances of it",
			    name);
	else if (!rc) {
		a->applied[inst[seen]->order] = 1;
		a->version_of[inst[seen]->order] = name;
	}
	free(inst);
	return rc;
}

/* Sqitch: a change deployed n times (reworked) is its first n instances
 * in the plan: ID name, or name_tag for an instance before a rework
 * (mg_import_sqitch names them so), whichever row of it is the latest.
 * The rows are read in the order they were deployed. */
static int from_sqitch(struct adopt *a)
{
	static const char *const ccols[] = {"change"}, *const tcols[] = {"tag"},
				 *const pcols[] = {"project"};
	const char *reg = table_or(a, "sqitch");
	char *projects = mg_strdup_printf("%s.projects", reg),
	     *tags_t = mg_strdup_printf("%s.tags", reg),
	     *changes = mg_strdup_printf("%s.changes", reg);
	mg_strvec tags = MG_STRVEC_INIT;
	int rc = projects && tags_t && changes
			 ? read_table(a, projects, pcols, 1, "project", reg)
			 : nomem(a->d);

	/* one registry may serve several projects; their changes are
	 * told apart by project, which the migrator files do not keep */
	if (!rc && a->rows.n > 1)
		rc = refuse(a, "Adopt a database whose registry holds one "
				 "project.",
			      "the sqitch registry holds %zu projects: %s, "
			      "%s%s",
			      a->rows.n, a->rows.v[0], a->rows.v[1],
			      a->rows.n > 2 ? ", ..." : "");
	if (!rc)
		rc = read_table(a, tags_t, tcols, 1, NULL, reg);
	if (!rc) {
		tags = a->rows;
		a->rows.v = NULL;
		a->rows.n = a->rows.cap = 0;
		rc = read_table(a, changes, ccols, 1, "committed_at", reg);
	}
	for (size_t i = 0; !rc && i < a->rows.n; i++) {
		const char *name = a->rows.v[i];
		size_t seen = 0;

		for (size_t k = 0; k < i; k++)
			seen += strcmp(a->rows.v[k], name) == 0;
		rc = sqitch_instance(a, name, &tags, seen);
	}
	mg_strvec_clear(&tags);
	free(projects);
	free(tags_t);
	free(changes);
	return rc;
}

static int from_alembic(struct adopt *a)
{
	static const char *const cols[] = {"version_num"};
	int rc = read_table(a, table_or(a, "alembic_version"), cols, 1,
			    "version_num", NULL);

	a->all_below = 1;
	for (size_t i = 0; !rc && i < a->rows.n; i++)
		rc = mark(a, a->rows.v[i], a->rows.v[i]);
	return rc;
}

/* The first revision below an applied one that is not applied: a gap;
 * with all_below the applied ones' ancestors count as applied. */
static int check_gaps(struct adopt *a, size_t n)
{
	const mg_graph *g = a->r->graph;

	for (size_t i = n; i-- > 0;) {
		const struct migrator_revision *rev = mg_graph_at(g, i);

		if (!a->applied[i])
			continue;
		for (size_t p = 0; p < rev->n_parents; p++) {
			size_t o = rev->parents[p]->order;

			if (a->applied[o])
				continue;
			if (a->all_below) {
				a->applied[o] = 1;
				continue;
			}
			return refuse(a, "Apply the missing one with the "
					 "other tool first (or find out why it "
					 "was left out): migrator's stamp says "
					 "that everything before it was "
					 "applied.",
				      "version %s is applied but revision %s, "
				      "which comes before it, is not",
				      a->version_of[i], rev->parents[p]->id);
		}
	}
	return 0;
}

/* migrator's own stamp must not be past the record: adopting would move it
 * back without running a downgrade (a database migrator has upgraded
 * since the other tool last ran).  Everything below the stamp must be
 * below what the record applied. */
static int check_behind(struct adopt *a, size_t n)
{
	mg_revset cur = MG_REVSET_INIT;
	const struct migrator_revision **stack = NULL, **from = NULL;
	unsigned char *below_cur = NULL, *below_rec = NULL;
	size_t nfrom = 0;
	int rc = mg_runner_current(&cur, a->r, a->d);

	if (rc || cur.n == 0)
		goto out;
	stack = calloc(n ? n : 1, sizeof(*stack));
	from = calloc(n ? n : 1, sizeof(*from));
	below_cur = calloc(n ? n : 1, 1);
	below_rec = calloc(n ? n : 1, 1);
	if (!stack || !from || !below_cur || !below_rec) {
		rc = nomem(a->d);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (a->applied[i])
			from[nfrom++] = mg_graph_at(a->r->graph, i);
	mg_graph_mark(below_rec, stack, from, nfrom, MG_BELOW);
	mg_graph_mark(below_cur, stack, cur.v, cur.n, MG_BELOW);
	for (size_t i = 0; !rc && i < n; i++)
		if (below_cur[i] && !below_rec[i]) {
			mg_diag_set(a->d, MIGRATOR_ESTAMP,
				    "migrator's table already stamps revision "
				    "%s, which %s's record does not have "
				    "applied",
				    mg_graph_at(a->r->graph, i)->id,
				    a->format);
			mg_diag_detail(a->d, "Adopting would move the stamp "
					     "back without running a "
					     "downgrade; nothing was "
					     "written.");
			mg_diag_hint(a->d, "adopt takes over a database that "
					   "migrator has not upgraded yet; "
					   "see where it is with migrator "
					   "current.");
			rc = MIGRATOR_ESTAMP;
		}
out:
	mg_revset_clear(&cur);
	free(stack);
	free(from);
	free(below_cur);
	free(below_rec);
	return rc;
}

typedef int (*reader)(struct adopt *a);

static reader reader_of(const char *format)
{
	return strcmp(format, "dbmate") == 0	     ? from_dbmate
	       : strcmp(format, "golang-migrate") == 0 ? from_golang
	       : strcmp(format, "flyway") == 0	     ? from_flyway
	       : strcmp(format, "sqitch") == 0	     ? from_sqitch
	       : strcmp(format, "alembic") == 0	     ? from_alembic
						     : NULL;
}

/* The applied revisions no other applied one is built on (one for a
 * chain; Alembic's record may name several heads), into tops. */
static int tops_of(struct adopt *a, size_t n, mg_strvec *tops,
		   mg_strvec *versions)
{
	for (size_t i = 0; i < n; i++) {
		const struct migrator_revision *rev =
			mg_graph_at(a->r->graph, i);
		int covered = 0;

		if (!a->applied[i])
			continue;
		for (size_t c = 0; c < rev->n_children; c++)
			covered |= a->applied[rev->children[c]->order];
		for (size_t c = 0; c < rev->n_dependents; c++)
			covered |= a->applied[rev->dependents[c]->order];
		if (covered)
			continue;
		if (mg_strvec_push(tops, rev->id) < 0 ||
		    mg_strvec_push(versions, a->version_of[i]) < 0)
			return nomem(a->d);
	}
	return 0;
}

/* "a, b" (malloc'd; NULL: out of memory). */
static char *joined(const mg_strvec *v)
{
	struct mg_buf b = MG_BUF_INIT;

	for (size_t i = 0; i < v->n; i++)
		if (mg_buf_printf(&b, "%s%s", i ? ", " : "", v->v[i]) < 0) {
			mg_buf_free(&b);
			return NULL;
		}
	return b.ptr ? mg_buf_detach(&b) : strdup("");
}

static int say(mg_strvec *out, mg_diag *d, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int say(mg_strvec *out, mg_diag *d, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	line = mg_strdup_vprintf(fmt, ap);
	va_end(ap);
	int rc = line && mg_strvec_push(out, line) == 0 ? 0 : nomem(d);

	free(line);
	return rc;
}

int mg_adopt(mg_runner *r, const char *format, const char *table,
	     int dry_run, mg_strvec *summary, int *changed, mg_diag *d)
{
	struct adopt a = {r, format, table, MG_STRVEC_INIT, 0, NULL, NULL, 0,
			  d};
	mg_strvec tops = MG_STRVEC_INIT, versions = MG_STRVEC_INIT;
	reader fn = reader_of(format);
	char *ids = NULL, *vers = NULL;
	size_t n = 0;
	int rc;

	*changed = 0;
	if (!fn)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
				   "unknown format \"%s\"", format);
	rc = mg_runner_load_graph(r, d);
	if (!rc)
		rc = mg_runner_connect(r, 0, d);
	if (!rc && !MG_DRV_HAS_MINOR(r->drv, 4, foreign_read))
		rc = mg_diag_set(d, MIGRATOR_EUSAGE,
				 "the %s driver cannot read other tools' "
				 "tables",
				 r->drv->name);
	if (rc)
		return rc;
	n = mg_graph_size(r->graph);
	a.applied = calloc(n ? n : 1, 1);
	a.version_of = calloc(n ? n : 1, sizeof(*a.version_of));
	rc = a.applied && a.version_of ? fn(&a) : nomem(d);
	if (!rc)
		rc = check_gaps(&a, n);
	if (!rc)
		rc = check_behind(&a, n);
	if (!rc)
		rc = tops_of(&a, n, &tops, &versions);
	if (!rc && tops.n) {
		ids = joined(&tops);
		vers = joined(&versions);
		if (!ids || !vers)
			rc = nomem(d);
	}
	if (!rc && !tops.n)
		rc = say(summary, d, "%s has applied nothing yet: nothing to "
				     "stamp",
			 format);
	else if (!rc && dry_run)
		rc = say(summary, d, "would stamp %s (%s version %s)", ids,
			 format, vers);
	else if (!rc) {
		rc = mg_runner_stamp_ids(r, (const char *const *)tops.v,
					 tops.n, changed, d);
		if (!rc)
			rc = say(summary, d, "stamped %s (%s version %s)", ids,
				 format, vers);
	}
	free(ids);
	free(vers);
	mg_strvec_clear(&tops);
	mg_strvec_clear(&versions);
	mg_strvec_clear(&a.rows);
	free(a.applied);
	free(a.version_of);
	return rc;
}
