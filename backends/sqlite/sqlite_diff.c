/*
 * sqlite_diff.c - `migrator diff` on SQLite (driver ABI 2.4,
 * diff_render): the statements of one change, read from the "to"
 * database's own text (sqlite_master.sql), names quoted with SQLite's
 * %w.
 *
 * A table that differs becomes, in this order of preference:
 *   - RENAME TO / RENAME COLUMN, when renames are all that differ;
 *   - ALTER TABLE ADD COLUMN with each new column's own text, when the
 *     new columns come last, SQLite's ADD COLUMN takes them (no PRIMARY
 *     KEY or UNIQUE, no NOT NULL without a default, no expression
 *     default, no STORED column) and the definition that gives is the
 *     wanted one;
 *   - else SQLite's table rebuild (https://www.sqlite.org/lang_altertable.html,
 *     section 7): the new table from the wanted text under a temporary
 *     name, the rows copied, the old table dropped, the new one renamed,
 *     its unchanged indexes and triggers made again.  The wanted text
 *     keeps STRICT, WITHOUT ROWID, AUTOINCREMENT, collations and column
 *     order.  The runner's begin() has turned foreign keys off and its
 *     commit() runs PRAGMA foreign_key_check; legacy_alter_table is on
 *     during the rename so that views naming the table are left as they
 *     are, not checked against a table that is gone for a moment.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sqlite_sqltext.h"

struct out {
	struct migrator_strvec *v;
	struct migrator_diag *d;
	int rc;
};

/* Pushes a statement made with sqlite3_mprintf (NULL: no memory). */
static void put(struct out *o, char *sql)
{
	if (o->rc)
		;
	else if (!sql || sq_host->strvec_push(o->v, sql) < 0)
		o->rc = sq_nomem(o->d);
	sqlite3_free(sql);
}

/* name's text in to's sqlite_master (of type, unless NULL); *out NULL
 * when there is none (an automatic index). */
static int master_sql(struct migrator_conn *c, const char *type,
		      const char *name, char **out, struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(
		c->db,
		"SELECT sql FROM main.sqlite_master WHERE name = ?1 "
		"AND (?2 IS NULL OR type = ?2)",
		-1, &st, NULL);

	*out = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = type ? sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC)
			  : sqlite3_bind_null(st, 2);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		rc = SQLITE_DONE;
		if (s && !(*out = strdup(s)))
			rc = SQLITE_NOMEM;
	}
	if (rc == SQLITE_NOMEM) {
		sqlite3_finalize(st);
		return sq_nomem(d);
	}
	rc = rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
	sqlite3_finalize(st);
	return rc;
}

/* Pushes name's text from to, if it has one. */
static void put_master(struct out *o, struct migrator_conn *to,
		       const char *type, const char *name)
{
	char *sql = NULL;

	if (o->rc)
		return;
	o->rc = master_sql(to, type, name, &sql, o->d);
	if (!o->rc && sql)
		put(o, sqlite3_mprintf("%s", sql));
	free(sql);
}

/* 1 if column col of to's table is generated (its value is not copied). */
static int generated(struct migrator_conn *to, const char *table,
		     const char *col)
{
	sqlite3_stmt *st = NULL;
	int gen = 0;

	if (sqlite3_prepare_v2(to->db,
			       "SELECT hidden FROM pragma_table_xinfo(?1, "
			       "'main') WHERE name = ?2",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		gen = sqlite3_column_int(st, 0) >= 2;
	sqlite3_finalize(st);
	return gen;
}

/* The rebuild (the procedure of lang_altertable.html, section 7). */
static void rebuild(struct out *o, struct migrator_conn *to,
		    const struct migrator_diff_change *ch, const char *sql)
{
	struct sq_table_text t = {0, 0, 0, NULL, NULL, 0};
	char *tmp = sqlite3_mprintf("_migrator_new_%s", ch->name);
	char *create = NULL, *cols = sqlite3_mprintf("%s", ""),
	     *old = sqlite3_mprintf("%s", "");

	if (!tmp || !cols || !old || sq_table_text(sql, &t) < 0) {
		o->rc = tmp && cols && old
				? sq_host->diag_set(o->d, MIGRATOR_DRIVER_EDB,
						    "cannot read the definition "
						    "of table %s",
						    ch->name)
				: sq_nomem(o->d);
		goto out;
	}
	create = sqlite3_mprintf("%.*s\"%w\"%s", (int)t.name_off, sql, tmp,
				 sql + t.name_off + t.name_len);
	for (size_t i = 0; i < ch->ncols && cols && old; i++) {
		char *c2, *o2;

		if (generated(to, ch->name, ch->cols[i]))
			continue;
		c2 = sqlite3_mprintf("%s%s\"%w\"", cols, *cols ? ", " : "",
				     ch->cols[i]);
		o2 = sqlite3_mprintf("%s%s\"%w\"", old, *old ? ", " : "",
				     ch->old_cols[i]);
		sqlite3_free(cols);
		sqlite3_free(old);
		cols = c2;
		old = o2;
	}
	put(o, sqlite3_mprintf("PRAGMA legacy_alter_table = ON"));
	put(o, create);
	create = NULL;
	if (cols && old && *cols)
		put(o, sqlite3_mprintf("INSERT INTO \"%w\" (%s) SELECT %s "
				       "FROM \"%w\"",
				       tmp, cols, old, ch->old_name));
	else if (!cols || !old)
		put(o, NULL);
	put(o, sqlite3_mprintf("DROP TABLE \"%w\"", ch->old_name));
	put(o, sqlite3_mprintf("ALTER TABLE \"%w\" RENAME TO \"%w\"", tmp,
			       ch->name));
	for (size_t i = 0; i < ch->nkept; i++)
		put_master(o, to, NULL, ch->kept[i]);
	put(o, sqlite3_mprintf("PRAGMA legacy_alter_table = OFF"));
out:
	sq_table_text_free(&t);
	sqlite3_free(create);
	sqlite3_free(tmp);
	sqlite3_free(cols);
	sqlite3_free(old);
}

/* The text of column col among t's items; NULL when none. */
static const char *column_text(const char *sql, const struct sq_table_text *t,
			       const char *col, size_t *len)
{
	for (size_t i = 0; i < t->nitems; i++) {
		const char *s = sql + t->item_off[i];
		char *item = sqlite3_mprintf("%.*s", (int)t->item_len[i], s);
		char *norm = item ? sq_sql_norm(item, NULL, NULL, 0) : NULL;
		char *want = sq_sql_norm(col, NULL, NULL, 0);
		size_t n = want ? strlen(want) : 0;
		int hit = norm && want && strncmp(norm, want, n) == 0 &&
			  (norm[n] == ' ' || !norm[n]);

		sqlite3_free(item);
		free(norm);
		free(want);
		if (hit) { /* from its first token on */
			const char *e = s + t->item_len[i], *p = s;
			struct sq_tok k;

			if (sq_tok_next(&p, &k))
				s = k.p;
			*len = (size_t)(e - s);
			return s;
		}
	}
	return NULL;
}

/* Where ADD COLUMN puts a new column's text in the definition t reads:
 * after the last column, before the table's constraints. */
static size_t column_end(const char *sql, const struct sq_table_text *t)
{
	static const char *const words[] = {"constraint", "primary", "unique",
					    "check", "foreign"};
	size_t end = t->close_off;

	for (size_t i = 0; i < t->nitems; i++) {
		const char *s = sql + t->item_off[i];
		struct sq_tok k;
		int constraint = 0;

		if (!sq_tok_next(&s, &k))
			continue;
		for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
			constraint |= k.kind == 'w' &&
				      k.n == strlen(words[w]) &&
				      strncasecmp(k.p, words[w], k.n) == 0;
		if (!constraint)
			end = t->item_off[i] + t->item_len[i];
	}
	return end;
}

/* 1 if SQLite's ADD COLUMN takes a column of this (normal) text. */
static int addable(const char *norm)
{
	const char *dflt = strstr(norm, " default ");

	if (strstr(norm, " primary ") || strstr(norm, " unique") ||
	    strstr(norm, " stored") ||
	    (strstr(norm, " not null") && !dflt))
		return 0;
	if (dflt && (dflt[9] == '(' || strncmp(dflt + 9, "current_", 8) == 0))
		return 0;
	return 1;
}

/* ADD COLUMN for each added column, when that gives the wanted text. */
static int add_columns(struct out *o, const struct migrator_diff_change *ch,
		       const char *sql)
{
	struct sq_table_text t = {0, 0, 0, NULL, NULL, 0}, ot = t;
	char *want = NULL, *got = NULL, *spliced = NULL;
	int ok = sq_table_text(sql, &t) == 0 &&
		 sq_table_text(ch->old_definition, &ot) == 0;
	struct mg_added {
		const char *p;
		size_t n;
	} *v = calloc(ch->nadded + 1, sizeof(*v));

	if (!v) {
		o->rc = sq_nomem(o->d);
		ok = 0;
	}
	for (size_t i = 0; ok && i < ch->nadded; i++) {
		char *one, *norm;

		v[i].p = column_text(sql, &t, ch->added[i], &v[i].n);
		one = v[i].p ? sqlite3_mprintf(" %.*s ", (int)v[i].n, v[i].p)
			     : NULL;
		norm = one ? sq_sql_norm(one, NULL, NULL, 0) : NULL;
		if (norm) { /* " x ..." for the word tests */
			char *sp = sqlite3_mprintf(" %s ", norm);

			ok = sp && addable(sp);
			sqlite3_free(sp);
		} else {
			ok = 0;
		}
		free(norm);
		sqlite3_free(one);
		if (ok) {
			char *s2 = sqlite3_mprintf("%s, %.*s",
						   spliced ? spliced : "",
						   (int)v[i].n, v[i].p);

			sqlite3_free(spliced);
			spliced = s2;
			ok = s2 != NULL;
		}
	}
	if (ok) {
		size_t at = column_end(ch->old_definition, &ot);
		char *pred = sqlite3_mprintf("%.*s%s%s", (int)at,
					     ch->old_definition, spliced,
					     ch->old_definition + at);

		got = pred ? sq_sql_norm(pred, NULL, NULL, 0) : NULL;
		want = ch->definition ? strdup(ch->definition) : NULL;
		ok = got && want && strcmp(got, want) == 0;
		sqlite3_free(pred);
	}
	for (size_t i = 0; ok && i < ch->nadded; i++)
		put(o, sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN %.*s",
				       ch->name, (int)v[i].n, v[i].p));
	sq_table_text_free(&t);
	sq_table_text_free(&ot);
	sqlite3_free(spliced);
	free(got);
	free(want);
	free(v);
	return ok;
}

/* RENAME TO and RENAME COLUMN, when the definition they give (SQLite
 * edits the names in place) is the wanted one. */
static int renames(struct out *o, const struct migrator_diff_change *ch)
{
	const char **from = calloc(ch->ncols + 1, sizeof(*from));
	const char **to = calloc(ch->ncols + 1, sizeof(*to));
	char *got = NULL;
	size_t n = 0;
	int ok;

	if (!from || !to) {
		free(from);
		free(to);
		o->rc = sq_nomem(o->d);
		return 0;
	}
	from[n] = ch->old_name;
	to[n++] = ch->name;
	for (size_t i = 0; i < ch->ncols; i++)
		if (strcmp(ch->cols[i], ch->old_cols[i]) != 0) {
			from[n] = ch->old_cols[i];
			to[n++] = ch->cols[i];
		}
	got = ch->old_definition
		      ? sq_sql_norm(ch->old_definition, from, to, n)
		      : NULL;
	ok = got && ch->definition && strcmp(got, ch->definition) == 0;
	if (ok && strcmp(ch->old_name, ch->name) != 0)
		put(o, sqlite3_mprintf("ALTER TABLE \"%w\" RENAME TO \"%w\"",
				       ch->old_name, ch->name));
	for (size_t i = 1; ok && i < n; i++)
		put(o, sqlite3_mprintf("ALTER TABLE \"%w\" RENAME COLUMN "
				       "\"%w\" TO \"%w\"",
				       ch->name, from[i], to[i]));
	free(got);
	free(from);
	free(to);
	return ok;
}

static void alter(struct out *o, struct migrator_conn *to,
		  const struct migrator_diff_change *ch)
{
	char *sql = NULL;
	int plain = !ch->nchanged && !ch->ndropped && !ch->columns_moved &&
		    !ch->fkeys_changed && ch->old_definition;

	o->rc = master_sql(to, "table", ch->name, &sql, o->d);
	if (o->rc)
		return;
	if (!sql) {
		o->rc = sq_host->diag_set(o->d, MIGRATOR_DRIVER_EDB,
					  "no table %s to read", ch->name);
		return;
	}
	if (plain && !ch->nadded && renames(o, ch))
		;
	else if (!o->rc && plain && ch->nadded &&
		 strcmp(ch->old_name, ch->name) == 0 &&
		 add_columns(o, ch, sql))
		;
	else if (!o->rc)
		rebuild(o, to, ch, sql);
	free(sql);
}

int sq_diff_render(struct migrator_conn *to,
		   const struct migrator_diff_change *ch,
		   struct migrator_strvec *v, struct migrator_diag *d)
{
	struct out o = {v, d, 0};
	int table = strcmp(ch->kind, "table") == 0;
	int index = strcmp(ch->kind, "index") == 0;

	if (!table && !index && strcmp(ch->kind, "view") != 0 &&
	    strcmp(ch->kind, "trigger") != 0)
		return sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "diff cannot make a %s on SQLite",
					 ch->kind);
	if (ch->op == MIGRATOR_DIFF_CREATE)
		put_master(&o, to, ch->kind, ch->name);
	else if (ch->op == MIGRATOR_DIFF_ALTER && table)
		alter(&o, to, ch);
	else if (ch->op == MIGRATOR_DIFF_DROP && index &&
		 strncmp(ch->name, "sqlite_autoindex_", 17) == 0)
		; /* goes with its table's definition */
	else if (ch->op == MIGRATOR_DIFF_DROP)
		put(&o, sqlite3_mprintf("DROP %s \"%w\"",
					table	? "TABLE"
					: index ? "INDEX"
					: strcmp(ch->kind, "view") == 0
						? "VIEW"
						: "TRIGGER",
					ch->name));
	return o.rc;
}
