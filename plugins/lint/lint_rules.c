/*
 * lint_rules.c - flags risky statements of one migration section.
 *
 * The section comes split into statements (by the core's splitter) and
 * each statement is cut into tokens here (lint_lex.c).  The rules read the leading keywords of a statement and,
 * for ALTER TABLE, each of its comma-separated actions at parenthesis
 * depth 0, so nothing inside a CHECK (...), a default expression or a
 * string can trigger or hide a rule.  Keywords match ASCII-case-
 * insensitively; names compare folded (unquoted, or any name on SQLite)
 * or exactly (quoted, on PostgreSQL), schema-qualified or not.
 */
#include "config.h"

#include "lint_rules.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lint_lex.h"
#include "lint_str.h"

enum rule_index {
	R_INDEX,
	R_PG_NOT_NULL,
	R_TYPE,
	R_DROP_TABLE,
	R_DROP_COLUMN,
	R_NONTX_MIX,
	R_NEEDS_NO_TX,
	R_SQ_ALTER_COLUMN,
	R_SQ_CONSTRAINT,
	R_SQ_KEY,
	R_SQ_NOT_NULL,
	R_SQ_DEFAULT,
	R_SQ_STORED,
	R_SQ_MULTIPLE,
	R_SQ_SYNTAX,
	R_CIC_IF_NOT_EXISTS
};

const struct lint_rule lint_rules[] = {
	[R_INDEX] = {"index-not-concurrent", LINT_POSTGRESQL,
		     "CREATE INDEX takes a SHARE lock: every write to the "
		     "table waits until the index is built.",
		     "Use CREATE INDEX CONCURRENTLY in a revision of its own "
		     "marked \"-- migrator:transactional false\"."},
	[R_PG_NOT_NULL] = {"add-column-not-null", LINT_POSTGRESQL,
			   "A NOT NULL column without a default is NULL in "
			   "every existing row, so ADD COLUMN fails on a "
			   "table with rows.",
			   "Give the column a DEFAULT, or add it nullable, "
			   "fill it, then SET NOT NULL."},
	[R_TYPE] = {"alter-column-type", LINT_POSTGRESQL,
		    "Changing a column's type rewrites the table and its "
		    "indexes under an ACCESS EXCLUSIVE lock: no reads or "
		    "writes until it is done.",
		    "Add a new column of the new type, backfill it in "
		    "batches, switch the code over, then drop the old one."},
	[R_DROP_TABLE] = {"drop-table", LINT_POSTGRESQL,
			  "Dropping a table in an upgrade loses its data, and "
			  "the release still running during the deploy fails "
			  "on it.",
			  "Stop using the table first; drop it in a later "
			  "revision, after a release that no longer reads "
			  "it."},
	[R_DROP_COLUMN] = {"drop-column", LINT_POSTGRESQL,
			   "Dropping a column in an upgrade loses its data, "
			   "and the release still running during the deploy "
			   "fails on it.",
			   "Stop using the column first; drop it in a later "
			   "revision, after a release that no longer reads "
			   "it."},
	[R_NONTX_MIX] = {"non-transactional-mix", LINT_POSTGRESQL,
			 "A non-transactional revision runs statement by "
			 "statement: when one fails, those before it stay "
			 "applied and the revision is not stamped, so a rerun "
			 "trips over them.",
			 "Keep only the CONCURRENTLY statements in the "
			 "non-transactional revision; move the rest into a "
			 "transactional one."},
	[R_NEEDS_NO_TX] = {"needs-no-transaction", LINT_POSTGRESQL,
			   "PostgreSQL refuses CREATE/DROP INDEX "
			   "CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM and a "
			   "few others inside a transaction block, and a "
			   "transactional revision runs in one.",
			   "Mark the revision \"-- migrator:transactional "
			   "false\" and keep other statements out of it."},
	[R_SQ_ALTER_COLUMN] = {"alter-column", LINT_SQLITE,
			       "SQLite's ALTER TABLE has no ALTER COLUMN: "
			       "types, defaults and NOT NULL cannot change "
			       "in place.",
			       "Rebuild the table: CREATE TABLE new_t with "
			       "the new definition, INSERT INTO new_t SELECT "
			       "... FROM t, DROP TABLE t, ALTER TABLE new_t "
			       "RENAME TO t, then recreate its indexes."},
	[R_SQ_CONSTRAINT] = {"alter-constraint", LINT_SQLITE,
			     "SQLite's ALTER TABLE cannot add or drop a "
			     "constraint.",
			     "Rebuild the table with the new constraints, or "
			     "use CREATE UNIQUE INDEX for a uniqueness "
			     "constraint."},
	[R_SQ_KEY] = {"add-column-key", LINT_SQLITE,
		      "SQLite refuses ADD COLUMN with PRIMARY KEY or "
		      "UNIQUE.",
		      "Add the column plain, then CREATE UNIQUE INDEX on it; "
		      "for a new primary key, rebuild the table."},
	[R_SQ_NOT_NULL] = {"add-column-not-null", LINT_SQLITE,
			   "SQLite refuses ADD COLUMN ... NOT NULL without a "
			   "non-NULL default on a table with rows.",
			   "Give the column a constant non-NULL DEFAULT, or "
			   "rebuild the table."},
	[R_SQ_DEFAULT] = {"add-column-default", LINT_SQLITE,
			  "SQLite refuses ADD COLUMN with a non-constant "
			  "default (CURRENT_TIMESTAMP, CURRENT_DATE, "
			  "CURRENT_TIME, an expression in parentheses) on a "
			  "table with rows.",
			  "Add the column without that default and fill it "
			  "with an UPDATE, or rebuild the table."},
	[R_SQ_STORED] = {"add-column-stored", LINT_SQLITE,
			 "SQLite refuses ADD COLUMN of a STORED generated "
			 "column on a table with rows.",
			 "Add it as a VIRTUAL generated column, or rebuild "
			 "the table."},
	[R_SQ_MULTIPLE] = {"alter-multiple", LINT_SQLITE,
			   "SQLite's ALTER TABLE takes one action per "
			   "statement.",
			   "Write one ALTER TABLE statement per action."},
	[R_SQ_SYNTAX] = {"alter-syntax", LINT_SQLITE,
			 "SQLite's ALTER TABLE knows only RENAME TO, RENAME "
			 "COLUMN, ADD COLUMN and DROP COLUMN, without IF "
			 "EXISTS, IF NOT EXISTS or ONLY.",
			 "Use one of those forms, or rebuild the table."},
	[R_CIC_IF_NOT_EXISTS] = {"concurrently-if-not-exists",
				 LINT_POSTGRESQL,
				 "A failed CREATE INDEX CONCURRENTLY leaves "
				 "its index behind, invalid, and IF NOT EXISTS "
				 "makes the rerun skip it without a word: the "
				 "application runs without its index.",
				 "Leave out IF NOT EXISTS; after a failure, "
				 "drop the invalid index with DROP INDEX "
				 "CONCURRENTLY (migrator's error names it) "
				 "before the rerun."},
	{NULL, LINT_POSTGRESQL, NULL, NULL}};

/* A table name, folded for comparison; schema NULL when unqualified. */
struct tname {
	char *schema;
	char *name;
};

struct ctx {
	const struct lint_section *sec;
	struct lint_findings *out;
	int rc; /* -1 once out of memory: stop */
	const struct lint_tok *t; /* the statement's tokens */
	size_t n;
	struct tname *created; /* tables made earlier in this section */
	size_t n_created;
	size_t cap_created;
};

/* A qualified name: tokens first..last, components every other token. */
struct qname {
	size_t first;
	size_t last;
};

static const struct lint_tok no_tok = {LINT_PUNCT, "", 0, 0, 0, 0};

static const struct lint_tok *tok(const struct ctx *c, size_t i)
{
	return i < c->n ? &c->t[i] : &no_tok;
}

static int kw(const struct ctx *c, size_t i, const char *word)
{
	return i < c->n && lint_tok_is(&c->t[i], word);
}

static int punct(const struct ctx *c, size_t i, char p)
{
	return i < c->n && lint_tok_punct(&c->t[i], p);
}

static void nomem(struct ctx *c)
{
	c->rc = -1;
}

static void add_finding(struct ctx *c, unsigned line, enum rule_index r,
			const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_finding(struct ctx *c, unsigned line, enum rule_index r,
			const char *fmt, ...)
{
	struct lint_findings *o = c->out;
	va_list ap;
	char *reason;

	if (c->rc)
		return;
	if (lint_array_grow(&o->v, &o->cap, o->n + 1, sizeof(*o->v), 8) < 0) {
		nomem(c);
		return;
	}
	va_start(ap, fmt);
	reason = lint_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (!reason) {
		nomem(c);
		return;
	}
	o->v[o->n].line = line;
	o->v[o->n].rule = &lint_rules[r];
	o->v[o->n].reason = reason;
	o->n++;
}

static int is_name(const struct lint_tok *t)
{
	return t->kind == LINT_WORD || t->kind == LINT_QIDENT;
}

/* Reads a (possibly schema-qualified) name at i; returns the index after
 * it, or i when there is none. */
static size_t read_qname(const struct ctx *c, size_t i, struct qname *q)
{
	size_t j = i;

	if (!is_name(tok(c, i)))
		return i;
	while (punct(c, j + 1, '.') && is_name(tok(c, j + 2)))
		j += 2;
	q->first = i;
	q->last = j;
	return j + 1;
}

/* Appends name token t to b, unquoted and folded for comparison (quoted
 * names keep their case on PostgreSQL).  Control bytes become '?', so the
 * text can stand in a one-line message. */
static int put_name(struct lint_str *b, const struct lint_tok *t, int dialect)
{
	const char *p = t->p, *end = t->p + t->len;
	int fold = t->kind == LINT_WORD || dialect == LINT_SQLITE;
	char close = 0;

	if (t->kind == LINT_QIDENT && t->len >= 2) {
		close = *p == '[' ? ']' : *p;
		p++;
		end--;
	}
	for (; p < end; p++) {
		char ch = *p;

		if (close && close != ']' && ch == close && p + 1 < end &&
		    p[1] == close)
			p++; /* a doubled quote stands for one */
		if (fold && ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((unsigned char)ch < 0x20 || ch == 0x7f)
			ch = '?';
		if (lint_str_putc(b, ch) < 0)
			return -1;
	}
	return 0;
}

/* The name at q for a message: "schema.table" in double quotes.
 * Returns a malloc'd string, or NULL (out of memory, c->rc set). */
static char *show_qname(struct ctx *c, const struct qname *q)
{
	struct lint_str b = LINT_STR_INIT;
	size_t i;
	char *s;

	if (lint_str_putc(&b, '"') < 0)
		goto fail;
	for (i = q->first; i <= q->last; i += 2) {
		if (i > q->first && lint_str_putc(&b, '.') < 0)
			goto fail;
		if (put_name(&b, &c->t[i], c->sec->dialect) < 0)
			goto fail;
	}
	if (lint_str_putc(&b, '"') < 0)
		goto fail;
	s = lint_str_detach(&b);
	if (s)
		return s;
fail:
	lint_str_free(&b);
	nomem(c);
	return NULL;
}

static char *folded(struct ctx *c, size_t i)
{
	struct lint_str b = LINT_STR_INIT;
	char *s;

	if (put_name(&b, &c->t[i], c->sec->dialect) < 0 ||
	    lint_str_putc(&b, '\0') < 0) {
		lint_str_free(&b);
		nomem(c);
		return NULL;
	}
	s = lint_str_detach(&b);
	if (!s)
		nomem(c);
	return s;
}

/* Folds q into t (schema: the component before the last, if any). */
static int fold_qname(struct ctx *c, const struct qname *q, struct tname *t)
{
	t->schema = NULL;
	t->name = folded(c, q->last);
	if (!t->name)
		return -1;
	if (q->last > q->first) {
		t->schema = folded(c, q->last - 2);
		if (!t->schema) {
			free(t->name);
			t->name = NULL;
			return -1;
		}
	}
	return 0;
}

static void remember_table(struct ctx *c, const struct qname *q)
{
	struct tname t;

	if (lint_array_grow(&c->created, &c->cap_created, c->n_created + 1,
			    sizeof(*c->created), 8) < 0) {
		nomem(c);
		return;
	}
	if (fold_qname(c, q, &t) == 0)
		c->created[c->n_created++] = t;
}

/* Whether q names a table created earlier in this section. */
static int is_new_table(struct ctx *c, const struct qname *q)
{
	struct tname t;
	size_t i;
	int found = 0;

	if (fold_qname(c, q, &t) < 0)
		return 0;
	for (i = 0; i < c->n_created && !found; i++) {
		const struct tname *k = &c->created[i];

		found = strcmp(k->name, t.name) == 0 &&
			(!k->schema || !t.schema ||
			 strcmp(k->schema, t.schema) == 0);
	}
	free(t.schema);
	free(t.name);
	return found;
}

/* Index of the ')' closing the '(' at i, or c->n. */
static size_t close_paren(const struct ctx *c, size_t i)
{
	return i < c->n && c->t[i].match ? c->t[i].match : c->n;
}

/* Whether a depth-0 word w appears in [from, to). */
static int has_word(const struct ctx *c, size_t from, size_t to,
		    const char *w)
{
	size_t i;

	for (i = from; i < to && i < c->n; i++)
		if (c->t[i].depth == 0 && kw(c, i, w))
			return 1;
	return 0;
}

/* What a column definition says, as far as the rules care. */
struct coldef {
	int not_null;
	int primary_key;
	int unique;
	int has_default;
	int default_null;     /* DEFAULT NULL, DEFAULT (NULL) ... */
	int default_nonconst; /* not a constant to SQLite */
	int generated;	      /* GENERATED ..., or SQLite's AS (...) */
	int stored;
	int serial; /* PostgreSQL serial types carry a default */
};

/*
 * Classifies the SQLite default expression in tokens [a, b) (a
 * parenthesised one included), as sqlite3ValueFromExpr() would: a literal,
 * possibly signed, parenthesised or CAST, is a constant; anything else is
 * not.  Iterative, so deep nesting cannot exhaust the stack.
 */
static void classify_default(const struct ctx *c, size_t a, size_t b,
			     struct coldef *cd)
{
	for (;;) {
		if (a >= b) {
			cd->default_nonconst = 1;
			return;
		}
		if (punct(c, a, '(') && close_paren(c, a) == b - 1) {
			a++;
			b--;
		} else if (punct(c, a, '+') || punct(c, a, '-')) {
			a++;
		} else if (kw(c, a, "cast") && punct(c, a + 1, '(') &&
			   close_paren(c, a + 1) == b - 1) {
			size_t as = a + 2;

			while (as < b - 1 &&
			       !(kw(c, as, "as") &&
				 c->t[as].depth == c->t[a + 1].depth + 1))
				as++;
			a += 2;
			b = as;
		} else {
			break;
		}
	}
	if (b - a != 1) {
		cd->default_nonconst = 1;
		return;
	}
	if (kw(c, a, "null"))
		cd->default_null = 1;
	else if (!(tok(c, a)->kind == LINT_NUMBER ||
		   tok(c, a)->kind == LINT_STRING || kw(c, a, "true") ||
		   kw(c, a, "false")))
		cd->default_nonconst = 1;
}

/* The extent of the default expression at i: one token, a parenthesised
 * group, a signed number, or a word followed by "(...)" (a call). */
static size_t default_end(const struct ctx *c, size_t i, size_t e)
{
	while (punct(c, i, '+') || punct(c, i, '-'))
		i++;
	if (punct(c, i, '('))
		return close_paren(c, i) + 1;
	if (tok(c, i)->kind == LINT_WORD && punct(c, i + 1, '('))
		return close_paren(c, i + 1) + 1;
	return i + 1 < e ? i + 1 : e;
}

/* Reads the column definition in tokens [i, e) (after the column's name,
 * the type first). */
static void read_coldef(const struct ctx *c, size_t i, size_t e,
			struct coldef *cd)
{
	static const char *const serials[] = {
		"serial", "bigserial", "smallserial", "serial2", "serial4",
		"serial8", NULL};
	size_t k;

	memset(cd, 0, sizeof(*cd));
	for (k = 0; serials[k]; k++)
		if (kw(c, i, serials[k]))
			cd->serial = 1;
	for (k = i; k < e; k++) {
		if (c->t[k].depth != 0)
			continue;
		if (kw(c, k, "not") && kw(c, k + 1, "null")) {
			cd->not_null = 1;
		} else if (kw(c, k, "primary") && kw(c, k + 1, "key")) {
			cd->primary_key = 1;
		} else if (kw(c, k, "unique")) {
			cd->unique = 1;
		} else if (kw(c, k, "generated") ||
			   (kw(c, k, "as") && punct(c, k + 1, '('))) {
			cd->generated = 1;
		} else if (kw(c, k, "stored")) {
			cd->stored = 1;
		} else if (kw(c, k, "default") && k + 1 < e) {
			size_t end = default_end(c, k + 1, e);

			cd->has_default = 1;
			if (kw(c, k + 1, "current_time") ||
			    kw(c, k + 1, "current_date") ||
			    kw(c, k + 1, "current_timestamp"))
				cd->default_nonconst = 1;
			else
				classify_default(c, k + 1, end, cd);
			k = end - 1;
		}
	}
}

/* The end of the ALTER TABLE action starting at i: the next depth-0 ','. */
static size_t action_end(const struct ctx *c, size_t i)
{
	for (; i < c->n; i++)
		if (c->t[i].depth == 0 && punct(c, i, ','))
			return i;
	return c->n;
}

static int is_table_constraint(const struct ctx *c, size_t i)
{
	return kw(c, i, "constraint") || kw(c, i, "primary") ||
	       kw(c, i, "unique") || kw(c, i, "check") ||
	       kw(c, i, "foreign") || kw(c, i, "exclude");
}

static char *show_tok(struct ctx *c, size_t i)
{
	struct qname q = {i, i};

	return show_qname(c, &q);
}

/* One action [a, e) of ALTER TABLE table on PostgreSQL. */
static void pg_alter_action(struct ctx *c, size_t a, size_t e,
			    const char *table, int is_new)
{
	unsigned line = tok(c, a)->line;
	size_t b = a + 1;
	char *col = NULL;

	if (kw(c, a, "add") && !is_table_constraint(c, b)) {
		struct coldef cd;

		if (kw(c, b, "column"))
			b++;
		if (kw(c, b, "if") && kw(c, b + 1, "not") &&
		    kw(c, b + 2, "exists"))
			b += 3;
		if (!is_name(tok(c, b)) || is_new)
			return;
		read_coldef(c, b + 1, e, &cd);
		if ((cd.not_null || cd.primary_key) && !cd.generated &&
		    !cd.serial && (!cd.has_default || cd.default_null)) {
			col = show_tok(c, b);
			if (col)
				add_finding(c, line, R_PG_NOT_NULL,
					    "new column %s is NOT NULL without "
					    "a default: adding it fails if %s "
					    "has rows",
					    col, table);
		}
	} else if (kw(c, a, "alter") && !kw(c, b, "constraint")) {
		if (kw(c, b, "column"))
			b++;
		if (!is_name(tok(c, b)) || is_new)
			return;
		if (kw(c, b + 1, "type") ||
		    (kw(c, b + 1, "set") && kw(c, b + 2, "data") &&
		     kw(c, b + 3, "type"))) {
			col = show_tok(c, b);
			if (col)
				add_finding(c, line, R_TYPE,
					    "changing the type of column %s "
					    "rewrites %s under an ACCESS "
					    "EXCLUSIVE lock",
					    col, table);
		}
	} else if (kw(c, a, "drop") && !kw(c, b, "constraint")) {
		if (kw(c, b, "column"))
			b++;
		if (kw(c, b, "if") && kw(c, b + 1, "exists"))
			b += 2;
		if (!is_name(tok(c, b)) || is_new || !c->sec->upgrade)
			return;
		col = show_tok(c, b);
		if (col)
			add_finding(c, line, R_DROP_COLUMN,
				    "column %s of %s is dropped in an upgrade: "
				    "its data is lost and the previous release "
				    "may still use it",
				    col, table);
	}
	free(col);
}

/* One action [a, e) of ALTER TABLE table on SQLite. */
static void sqlite_alter_action(struct ctx *c, size_t a, size_t e,
				const char *table, int is_new)
{
	unsigned line = tok(c, a)->line;
	size_t b = a + 1;
	struct coldef cd;
	char *col;

	if (kw(c, a, "rename"))
		return;
	if (kw(c, a, "alter")) {
		add_finding(c, line, R_SQ_ALTER_COLUMN,
			    "table %s: SQLite has no ALTER TABLE ... ALTER "
			    "COLUMN",
			    table);
		return;
	}
	if (!kw(c, a, "add") && !kw(c, a, "drop")) {
		const struct lint_tok *w = tok(c, a);

		add_finding(c, line, R_SQ_SYNTAX,
			    "table %s: SQLite's ALTER TABLE has no %.*s action",
			    table, w->kind == LINT_WORD && w->len <= 40 ? (int)w->len : 4,
			    w->kind == LINT_WORD && w->len <= 40 ? w->p : "such");
		return;
	}
	if (kw(c, b, "column"))
		b++;
	else if (is_table_constraint(c, b)) {
		add_finding(c, line, R_SQ_CONSTRAINT,
			    "table %s: SQLite cannot %s a constraint with "
			    "ALTER TABLE",
			    table, kw(c, a, "add") ? "add" : "drop");
		return;
	}
	if (kw(c, b, "if")) {
		add_finding(c, line, R_SQ_SYNTAX,
			    "table %s: SQLite does not accept %s in %s COLUMN",
			    table, kw(c, a, "add") ? "IF NOT EXISTS" : "IF EXISTS",
			    kw(c, a, "add") ? "ADD" : "DROP");
		return;
	}
	if (kw(c, a, "drop") || !is_name(tok(c, b)))
		return;
	read_coldef(c, b + 1, e, &cd);
	col = show_tok(c, b);
	if (!col)
		return;
	if (cd.primary_key || cd.unique)
		add_finding(c, line, R_SQ_KEY,
			    "new column %s is %s: SQLite cannot add such a "
			    "column",
			    col, cd.primary_key ? "a PRIMARY KEY" : "UNIQUE");
	if (!is_new && cd.not_null && !cd.generated &&
	    (!cd.has_default || cd.default_null))
		add_finding(c, line, R_SQ_NOT_NULL,
			    "new column %s is NOT NULL without a non-NULL "
			    "default: SQLite refuses it if %s has rows",
			    col, table);
	if (!is_new && cd.has_default && cd.default_nonconst)
		add_finding(c, line, R_SQ_DEFAULT,
			    "new column %s has a non-constant default: SQLite "
			    "refuses it if %s has rows",
			    col, table);
	if (!is_new && cd.stored)
		add_finding(c, line, R_SQ_STORED,
			    "new column %s is a STORED generated column: "
			    "SQLite refuses it if %s has rows",
			    col, table);
	free(col);
}

/* ALTER TABLE ... starting at token 0. */
static void alter_table(struct ctx *c)
{
	int sqlite = c->sec->dialect == LINT_SQLITE;
	size_t i = 2, a, e;
	struct qname q;
	char *table;
	int is_new;

	if (kw(c, i, "if") && kw(c, i + 1, "exists")) {
		if (sqlite)
			add_finding(c, tok(c, i)->line, R_SQ_SYNTAX,
				    "SQLite does not accept ALTER TABLE IF "
				    "EXISTS");
		i += 2;
	}
	if (kw(c, i, "only")) {
		if (sqlite)
			add_finding(c, tok(c, i)->line, R_SQ_SYNTAX,
				    "SQLite does not accept ALTER TABLE ONLY");
		i++;
	}
	a = read_qname(c, i, &q);
	if (a == i)
		return;
	if (punct(c, a, '*'))
		a++;
	table = show_qname(c, &q);
	if (!table)
		return;
	is_new = is_new_table(c, &q);
	if (sqlite && action_end(c, a) < c->n)
		add_finding(c, tok(c, action_end(c, a))->line, R_SQ_MULTIPLE,
			    "table %s: SQLite takes one action per ALTER TABLE "
			    "statement",
			    table);
	/* A new table renamed is still new under its new name. */
	if (is_new && kw(c, a, "rename") && kw(c, a + 1, "to") &&
	    read_qname(c, a + 2, &q) > a + 2)
		remember_table(c, &q);
	for (; a < c->n && !c->rc; a = e + 1) {
		e = action_end(c, a);
		if (sqlite)
			sqlite_alter_action(c, a, e, table, is_new);
		else
			pg_alter_action(c, a, e, table, is_new);
	}
	free(table);
}

/* CREATE ...: remembers new tables; on PostgreSQL, checks indexes. */
static void create(struct ctx *c)
{
	size_t i = 1, on;
	struct qname q;
	char *table;

	if (kw(c, i, "or") && kw(c, i + 1, "replace"))
		i += 2;
	while (kw(c, i, "global") || kw(c, i, "local") || kw(c, i, "temp") ||
	       kw(c, i, "temporary") || kw(c, i, "unlogged") ||
	       kw(c, i, "virtual"))
		i++;
	if (kw(c, i, "table")) {
		i++;
		if (kw(c, i, "if") && kw(c, i + 1, "not") &&
		    kw(c, i + 2, "exists"))
			i += 3;
		if (read_qname(c, i, &q) > i)
			remember_table(c, &q);
		return;
	}
	if (kw(c, i, "unique"))
		i++;
	if (kw(c, i, "index") && kw(c, i + 1, "concurrently") &&
	    kw(c, i + 2, "if") && kw(c, i + 3, "not") &&
	    kw(c, i + 4, "exists") && c->sec->dialect == LINT_POSTGRESQL)
		add_finding(c, tok(c, i + 2)->line, R_CIC_IF_NOT_EXISTS,
			    "CREATE INDEX CONCURRENTLY IF NOT EXISTS skips "
			    "an invalid index that a failed run left");
	if (!kw(c, i, "index") || c->sec->dialect != LINT_POSTGRESQL ||
	    has_word(c, i, c->n, "concurrently"))
		return;
	for (on = i + 1; on < c->n; on++)
		if (c->t[on].depth == 0 && kw(c, on, "on"))
			break;
	if (kw(c, on + 1, "only"))
		on++;
	if (read_qname(c, on + 1, &q) == on + 1 || is_new_table(c, &q))
		return;
	table = show_qname(c, &q);
	if (table)
		add_finding(c, tok(c, 0)->line, R_INDEX,
			    "index on existing table %s is built without "
			    "CONCURRENTLY: writes to the table wait until it "
			    "is done",
			    table);
	free(table);
}

/* DROP TABLE [IF EXISTS] a, b ... in an upgrade (PostgreSQL). */
static void drop_table(struct ctx *c)
{
	size_t i = 2;
	struct qname q;

	if (kw(c, i, "if") && kw(c, i + 1, "exists"))
		i += 2;
	while (!c->rc) {
		size_t next = read_qname(c, i, &q);
		char *table;

		if (next == i)
			return;
		if (!is_new_table(c, &q)) {
			table = show_qname(c, &q);
			if (table)
				add_finding(c, tok(c, i)->line, R_DROP_TABLE,
					    "table %s is dropped in an upgrade: "
					    "its data is lost and the previous "
					    "release may still use it",
					    table);
			free(table);
		}
		if (!punct(c, next, ','))
			return;
		i = next + 1;
	}
}

/* Statements PostgreSQL refuses inside a transaction block. */
static int must_run_outside_tx(const struct ctx *c)
{
	if (kw(c, 0, "vacuum"))
		return 1;
	if ((kw(c, 0, "create") || kw(c, 0, "drop")) &&
	    (kw(c, 1, "database") || kw(c, 1, "tablespace")))
		return 1;
	if (kw(c, 0, "alter") && kw(c, 1, "system"))
		return 1;
	/* REFRESH MATERIALIZED VIEW CONCURRENTLY runs in a transaction. */
	return !kw(c, 0, "refresh") && has_word(c, 0, c->n, "concurrently");
}

/* What a statement PostgreSQL runs only outside a transaction is. */
static const char *outside_tx_kind(const struct ctx *c)
{
	if (kw(c, 0, "vacuum"))
		return "VACUUM";
	if (kw(c, 0, "alter") && kw(c, 1, "system"))
		return "ALTER SYSTEM";
	if (kw(c, 1, "database"))
		return kw(c, 0, "create") ? "CREATE DATABASE" : "DROP DATABASE";
	if (kw(c, 1, "tablespace"))
		return kw(c, 0, "create") ? "CREATE TABLESPACE"
					  : "DROP TABLESPACE";
	if (kw(c, 0, "create"))
		return "CREATE INDEX CONCURRENTLY";
	if (kw(c, 0, "drop"))
		return "DROP INDEX CONCURRENTLY";
	if (kw(c, 0, "reindex"))
		return "REINDEX CONCURRENTLY";
	if (kw(c, 0, "alter"))
		return "DETACH PARTITION CONCURRENTLY";
	return "a CONCURRENTLY statement";
}

/* The statement's kind for a message: its first one or two words, in
 * lower case ("create table", "insert"). */
static const char *verb(const struct ctx *c, char *buf, size_t size)
{
	int two = kw(c, 0, "create") || kw(c, 0, "alter") || kw(c, 0, "drop");
	size_t i, j, n = 0;

	for (j = 0; j < (two ? 2u : 1u); j++) {
		const struct lint_tok *w = tok(c, j);

		if (w->kind != LINT_WORD || w->len + 2 > size - n)
			break;
		if (j)
			buf[n++] = ' ';
		for (i = 0; i < w->len; i++) {
			char ch = w->p[i];

			buf[n++] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
		}
	}
	buf[n] = '\0';
	return n ? buf : "statement";
}

static void transaction_rules(struct ctx *c)
{
	char buf[40];
	int outside = must_run_outside_tx(c);

	if (c->sec->transactional) {
		if (outside)
			add_finding(c, tok(c, 0)->line, R_NEEDS_NO_TX,
				    "%s cannot run inside a transaction "
				    "block, and this revision runs in one",
				    outside_tx_kind(c));
		return;
	}
	if (outside || has_word(c, 0, c->n, "concurrently") ||
	    (kw(c, 0, "alter") && kw(c, 1, "type") &&
	     has_word(c, 2, c->n, "value")))
		return;
	add_finding(c, tok(c, 0)->line, R_NONTX_MIX,
		    "%s mixed into a non-transactional revision: when a "
		    "statement fails, those before it stay applied and the "
		    "revision is not stamped",
		    verb(c, buf, sizeof(buf)));
}

static void statement(struct ctx *c)
{
	int pg = c->sec->dialect == LINT_POSTGRESQL;

	if (kw(c, 0, "create"))
		create(c);
	else if (kw(c, 0, "alter") && kw(c, 1, "table"))
		alter_table(c);
	else if (pg && c->sec->upgrade && kw(c, 0, "drop") &&
		 kw(c, 1, "table"))
		drop_table(c);
	if (pg && !c->rc)
		transaction_rules(c);
}

int lint_check(struct lint_findings *out, const struct lint_section *sec)
{
	struct ctx c = {sec, out, 0, NULL, 0, NULL, 0, 0};
	struct lint_toks toks = LINT_TOKS_INIT;
	size_t i;

	for (i = 0; i < sec->n_stmts && !c.rc; i++) {
		const struct lint_stmt *s = &sec->stmts[i];

		if (lint_lex(&toks, s->sql, s->len, s->line) < 0) {
			nomem(&c);
			break;
		}
		c.t = toks.v;
		c.n = toks.n;
		if (c.n)
			statement(&c);
	}
	for (i = 0; i < c.n_created; i++) {
		free(c.created[i].schema);
		free(c.created[i].name);
	}
	free(c.created);
	lint_toks_free(&toks);
	return c.rc;
}

int lint_dialect_from_name(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "postgres") == 0 || strcmp(name, "postgresql") == 0)
		return LINT_POSTGRESQL;
	if (strcmp(name, "sqlite") == 0)
		return LINT_SQLITE;
	return -1;
}

void lint_findings_free(struct lint_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].reason);
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}
