/*
 * pg_introspect_objects.c - the objects of current_schema() other than
 * tables, for `check` and `verify` (host ABI 2.3, host->schema_object):
 * views and materialized views, triggers, sequences, functions and
 * procedures, enum, domain and composite types, each with the server's
 * own text of it.
 *
 * - view: pg_get_viewdef(oid, true), "MATERIALIZED " before a
 *   materialized view's.
 * - trigger: pg_get_triggerdef(oid, true), of a table or view, and
 *   " (disabled)", " (enabled always)" or " (enabled replica)" when it is
 *   not simply enabled; internal triggers (foreign keys') are left out.
 * - sequence: "AS type INCREMENT n MINVALUE n MAXVALUE n START n CACHE n
 *   [NO] CYCLE" from pg_sequence.  A sequence owned by a column (serial,
 *   identity) is left out: the column's default names it, and it comes
 *   and goes with its column.
 * - function: pg_get_functiondef(oid), named "f(identity arguments)",
 *   without the schema it always puts before the name in its header
 *   ("CREATE OR REPLACE FUNCTION f()"): the scratch database's schema is
 *   public, the live one's current_schema() may have another name;
 *   aggregates and window functions are left out.
 * - type: "ENUM ('a', 'b')" (labels in their order), "DOMAIN base [DEFAULT
 *   x] [NOT NULL] [CONSTRAINT c CHECK (...)...]" or "(a integer, b text)"
 *   for a composite type.
 *
 * - table: its constraints (primary key, unique, check, foreign key,
 *   exclusion), "name: pg_get_constraintdef; ..." by name, casts to text
 *   and varchar left out: the server spells a CHECK on a varchar column
 *   that it reads back from its own text with more casts than before
 *   ("'a'::character varying::text"), so only this form survives a
 *   round trip.  `migrator diff` compares them (check does not).
 * - comment: a table's (name "") or column's (name the column's)
 *   COMMENT ON text, for `migrator diff` too.
 *
 * Objects that belong to an extension (pg_depend deptype 'e') are left
 * out.
 */
#include "config.h"

#include <stddef.h>

#include "pg_internal.h"

/* Not a member of an extension: pg_depend has no 'e' row for it. */
#define NOT_EXT(catalog, oid) \
	"NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" catalog \
	"'::regclass AND x.objid = " oid " AND x.deptype = 'e') "

#define IN_CURRENT(nsp) \
	"JOIN pg_namespace n ON n.oid = " nsp " " \
	"WHERE n.nspname = current_schema() "

/* One row per object: kind, table (triggers only), name, definition. */
static const char objects_sql[] =
	/* views */
	"SELECT 'view', NULL, c.relname::text, CASE c.relkind WHEN 'm' "
	"THEN 'MATERIALIZED ' ELSE '' END || pg_get_viewdef(c.oid, true) "
	"FROM pg_class c " IN_CURRENT("c.relnamespace")
	"AND c.relkind IN ('v', 'm') AND " NOT_EXT("pg_class", "c.oid")
	/* triggers */
	"UNION ALL SELECT 'trigger', c.relname::text, t.tgname::text, "
	"pg_get_triggerdef(t.oid, true) || CASE t.tgenabled WHEN 'D' "
	"THEN ' (disabled)' WHEN 'A' THEN ' (enabled always)' WHEN 'R' "
	"THEN ' (enabled replica)' ELSE '' END "
	"FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
	IN_CURRENT("c.relnamespace") "AND NOT t.tgisinternal AND "
	NOT_EXT("pg_class", "c.oid")
	/* sequences, but those of a column */
	"UNION ALL SELECT 'sequence', NULL, c.relname::text, "
	"'AS ' || format_type(s.seqtypid, NULL) || ' INCREMENT ' || "
	"s.seqincrement || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || "
	"s.seqmax || ' START ' || s.seqstart || ' CACHE ' || s.seqcache || "
	"CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END "
	"FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid "
	IN_CURRENT("c.relnamespace") "AND " NOT_EXT("pg_class", "c.oid")
	"AND NOT EXISTS (SELECT 1 FROM pg_depend o WHERE o.classid = "
	"'pg_class'::regclass AND o.objid = c.oid AND o.refclassid = "
	"'pg_class'::regclass AND o.deptype IN ('a', 'i')) "
	/* functions and procedures, their header without the schema */
	"UNION ALL SELECT 'function', NULL, p.proname || '(' || "
	"pg_get_function_identity_arguments(p.oid) || ')', "
	"CASE WHEN left(f.def, length(f.kw) + length(f.nsp)) = f.kw || f.nsp "
	"THEN f.kw || substr(f.def, length(f.kw) + length(f.nsp) + 1) "
	"ELSE f.def END FROM pg_proc p "
	"CROSS JOIN LATERAL (SELECT pg_get_functiondef(p.oid) AS def, "
	"'CREATE OR REPLACE ' || CASE p.prokind WHEN 'p' THEN 'PROCEDURE' "
	"ELSE 'FUNCTION' END || ' ' AS kw, quote_ident((SELECT m.nspname "
	"FROM pg_namespace m WHERE m.oid = p.pronamespace)) || '.' AS nsp) f "
	IN_CURRENT("p.pronamespace") "AND p.prokind IN ('f', 'p') AND "
	NOT_EXT("pg_proc", "p.oid")
	/* enum, domain and composite types */
	"UNION ALL SELECT 'type', NULL, t.typname::text, CASE t.typtype "
	"WHEN 'e' THEN 'ENUM (' || coalesce((SELECT string_agg("
	"quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) "
	"FROM pg_enum e WHERE e.enumtypid = t.oid), '') || ')' "
	"WHEN 'd' THEN 'DOMAIN ' || format_type(t.typbasetype, t.typtypmod) "
	"|| coalesce(' DEFAULT ' || pg_get_expr(t.typdefaultbin, 0), '') || "
	"CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END || "
	"coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(k.conname) "
	"|| ' ' || pg_get_constraintdef(k.oid), '' ORDER BY k.conname "
	"COLLATE \"C\") FROM pg_constraint k WHERE k.contypid = t.oid), '') "
	"ELSE '(' || coalesce((SELECT string_agg(quote_ident(a.attname) || "
	"' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) "
	"FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 "
	"AND NOT a.attisdropped), '') || ')' END "
	"FROM pg_type t " IN_CURRENT("t.typnamespace")
	"AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND (SELECT "
	"r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c')) AND "
	NOT_EXT("pg_type", "t.oid")
	/* tables' constraints (diff, ABI 2.4; check leaves them out) */
	"UNION ALL SELECT 'table', c.relname::text, c.relname::text, "
	"coalesce((SELECT string_agg(k.conname || ': ' || regexp_replace("
	"pg_get_constraintdef(k.oid, true), "
	"'::(character varying|text)(\\[\\])?', '', 'g'), '; ' "
	"ORDER BY k.conname "
	"COLLATE \"C\") FROM pg_constraint k WHERE k.conrelid = c.oid AND "
	"k.contype IN ('p', 'u', 'c', 'f', 'x')), '') "
	"FROM pg_class c " IN_CURRENT("c.relnamespace")
	"AND c.relkind IN ('r', 'p') AND " NOT_EXT("pg_class", "c.oid")
	/* tables' and columns' comments (diff, ABI 2.4; check leaves them
	 * out) */
	"UNION ALL SELECT 'comment', c.relname::text, coalesce((SELECT "
	"a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND "
	"a.attnum = dc.objsubid AND dc.objsubid > 0), ''), dc.description "
	"FROM pg_description dc JOIN pg_class c ON c.oid = dc.objoid AND "
	"dc.classoid = 'pg_class'::regclass " IN_CURRENT("c.relnamespace")
	"AND c.relkind IN ('r', 'p') AND " NOT_EXT("pg_class", "c.oid");

static const char *val(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

int pg_introspect_objects(struct migrator_conn *c,
			  struct migrator_schema *out, struct migrator_diag *d)
{
	const struct migrator_host *h = pg_host;
	PGresult *res;
	int rc = 0;

	if (!MIGRATOR_HOST_HAS(h, 3, schema_object))
		return 0; /* an older host compares tables only */
	res = pg_query(c, objects_sql, 0, NULL, d);
	if (!res)
		return MIGRATOR_DRIVER_EDB;
	for (int i = 0; rc == 0 && i < PQntuples(res); i++)
		if (h->schema_object(out, PQgetvalue(res, i, 0),
				     val(res, i, 1), val(res, i, 2),
				     val(res, i, 3)) < 0)
			rc = pg_nomem(d);
	PQclear(res);
	return rc;
}
