/*
 * pg_dump.c - `migrator dump` (driver ABI 2.2): the schema of the user's
 * schemas as the statements that build it, from the catalogs and the
 * server's own deparsers (pg_get_functiondef, pg_get_viewdef,
 * pg_get_indexdef, pg_get_constraintdef, pg_get_triggerdef, format_type,
 * pg_get_expr), without pg_dump.
 *
 * What is dumped: schemas (not public, which every database has),
 * extensions (CREATE EXTENSION IF NOT EXISTS; their objects are theirs),
 * enum, domain and composite types, functions and procedures, sequences,
 * tables (columns with defaults, identity and generated columns, NOT
 * NULL, their primary key, unique, exclusion and check constraints
 * inline; partitions and inheritance), views and materialized views,
 * indexes, foreign keys and constraints not yet validated (ALTER TABLE
 * ... ADD CONSTRAINT, after every table), triggers, and the comments on
 * all of these.  Not dumped: data, owners, privileges, row security
 * policies, rules, aggregates, range types, publications.
 *
 * Everything is read in one REPEATABLE READ snapshot with search_path
 * empty, so every name is schema-qualified (built-in ones excepted) and
 * the text does not depend on the reader's search_path.  Each object is
 * a node keyed by its kind and oid; pg_depend gives the edges, with
 * sub-objects (column defaults, view rules, constraints, array and row
 * types) mapped to the node that creates them, and pg_dump_sort.c orders
 * them by dependency, then by (rank, name): oids never reach the text or
 * the order.  A sequence OWNED BY a column is a cycle with its table
 * (the column's default uses it); the ownership is a node of its own,
 * after both.  SQL function bodies are not checked while the dump is
 * loaded (check_function_bodies), as pg_dump does: a body may name a
 * table created after it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* The objects of the dump: the user's schemas and what is in them, less
 * extension members, the skipped tables ($1, oids) and what belongs to
 * them (indexes, owned and identity sequences). */
#define DUMP_CTES \
	"WITH skip AS (SELECT unnest($1::oid[]) AS oid), " \
	"ext AS (SELECT d.classid, d.objid, d.refobjid AS extoid " \
	"FROM pg_depend d WHERE d.deptype = 'e'), " \
	"nsp AS (SELECT n.oid, n.nspname FROM pg_namespace n " \
	"WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' " \
	"AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = " \
	"'pg_namespace'::regclass AND ext.objid = n.oid)), " \
	"rel AS (SELECT c.oid, c.relname, c.relkind, c.relpersistence, " \
	"c.relispartition, c.reloptions, c.relpartbound, " \
	"format('%I.%I', n.nspname, c.relname) AS qname " \
	"FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace " \
	"WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I') " \
	"AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = " \
	"'pg_class'::regclass AND ext.objid = c.oid) " \
	"AND NOT EXISTS (SELECT 1 FROM skip WHERE skip.oid = c.oid) " \
	"AND NOT EXISTS (SELECT 1 FROM pg_index x JOIN skip " \
	"ON skip.oid = x.indrelid WHERE x.indexrelid = c.oid) " \
	"AND NOT EXISTS (SELECT 1 FROM pg_depend d JOIN skip " \
	"ON skip.oid = d.refobjid WHERE d.classid = 'pg_class'::regclass " \
	"AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass " \
	"AND d.deptype IN ('a', 'i'))), " \
	"typ AS (SELECT t.oid, t.typtype, t.typrelid, t.typbasetype, " \
	"t.typtypmod, t.typcollation, t.typnotnull, t.typdefaultbin, " \
	"format('%I.%I', n.nspname, t.typname) AS qname " \
	"FROM pg_type t JOIN nsp n ON n.oid = t.typnamespace " \
	"WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND " \
	"(SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')) " \
	"AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = " \
	"'pg_type'::regclass AND ext.objid = t.oid)), " \
	"fn AS (SELECT p.oid, p.prokind, " \
	"format('%I.%I', n.nspname, p.proname) AS qname, " \
	"pg_get_function_identity_arguments(p.oid) AS args " \
	"FROM pg_proc p JOIN nsp n ON n.oid = p.pronamespace " \
	"WHERE p.prokind IN ('f', 'p') AND NOT EXISTS (SELECT 1 FROM ext " \
	"WHERE ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid)), " \
	/* a table's validated constraints other than foreign keys are \
	 * written in its CREATE TABLE (its node, r); the others are nodes \
	 * of their own (c) */ \
	"con AS (SELECT c.oid, c.conname, c.contype, c.conrelid, " \
	"r.qname AS tqname, CASE WHEN c.contype <> 'f' AND c.convalidated " \
	"THEN 'r' || c.conrelid ELSE 'c' || c.oid END AS key " \
	"FROM pg_constraint c JOIN rel r ON r.oid = c.conrelid " \
	"WHERE c.contype IN ('p', 'u', 'x', 'c', 'f') AND c.conislocal " \
	"AND c.conparentid = 0), " \
	"trg AS (SELECT g.oid, g.tgname, g.tgenabled, r.qname AS tqname " \
	"FROM pg_trigger g JOIN rel r ON r.oid = g.tgrelid " \
	"WHERE NOT g.tgisinternal AND g.tgparentid = 0)"

/* " COLLATE x" when the attribute a's collation is not its type's. */
#define ATT_COLLATE \
	"CASE WHEN a.attcollation <> 0 AND a.attcollation <> " \
	"(SELECT b.typcollation FROM pg_type b WHERE b.oid = a.atttypid) " \
	"THEN ' COLLATE ' || (SELECT format('%I.%I', cn.nspname, " \
	"co.collname) FROM pg_collation co JOIN pg_namespace cn " \
	"ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) " \
	"ELSE '' END"

/* A sequence's options that differ from CREATE SEQUENCE's defaults: its
 * type (astype: an identity column's sequence has the column's) and the
 * others (opts). */
#define SEQ_OPTS \
	"seqopt AS (SELECT s.seqrelid, " \
	"CASE WHEN s.seqtypid <> 'bigint'::regtype " \
	"THEN ' AS ' || format_type(s.seqtypid, NULL) ELSE '' END AS astype, " \
	"concat(CASE WHEN s.seqstart <> CASE WHEN s.seqincrement > 0 " \
	"THEN s.seqmin ELSE s.seqmax END " \
	"THEN ' START WITH ' || s.seqstart END, " \
	"CASE WHEN s.seqincrement <> 1 " \
	"THEN ' INCREMENT BY ' || s.seqincrement END, " \
	"CASE WHEN s.seqmin <> CASE WHEN s.seqincrement < 0 THEN " \
	"CASE s.seqtypid WHEN 'smallint'::regtype THEN -32768 " \
	"WHEN 'integer'::regtype THEN -2147483648 " \
	"ELSE -9223372036854775808 END ELSE 1 END " \
	"THEN ' MINVALUE ' || s.seqmin END, " \
	"CASE WHEN s.seqmax <> CASE WHEN s.seqincrement < 0 THEN -1 " \
	"WHEN s.seqtypid = 'smallint'::regtype THEN 32767 " \
	"WHEN s.seqtypid = 'integer'::regtype THEN 2147483647 " \
	"ELSE 9223372036854775807 END THEN ' MAXVALUE ' || s.seqmax END, " \
	"CASE WHEN s.seqcache <> 1 THEN ' CACHE ' || s.seqcache END, " \
	"CASE WHEN s.seqcycle THEN ' CYCLE' END) AS opts " \
	"FROM pg_sequence s)"

#define CMT \
	"cmt AS (SELECT m.classoid, m.objoid, m.objsubid, m.description " \
	"FROM pg_description m)"

/* A table's columns and inline constraints, one per line. */
#define TABLE_BODY \
	"coalesce(E'\\n    ' || (SELECT string_agg(y.line, E',\\n    ' " \
	"ORDER BY y.o1, y.o2, y.o3 COLLATE \"C\") FROM (" \
	"SELECT 0 AS o1, a.attnum AS o2, '' AS o3, " \
	"format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)) " \
	"|| " ATT_COLLATE " || CASE WHEN a.attidentity IN ('a', 'd') " \
	"THEN ' GENERATED ' || CASE a.attidentity WHEN 'a' THEN 'ALWAYS' " \
	"ELSE 'BY DEFAULT' END || ' AS IDENTITY (SEQUENCE NAME ' || " \
	"(SELECT s.qname || o.opts FROM pg_depend d JOIN rel s " \
	"ON s.oid = d.objid JOIN seqopt o ON o.seqrelid = s.oid " \
	"WHERE d.classid = 'pg_class'::regclass AND d.refobjid = r.oid " \
	"AND d.refobjsubid = a.attnum AND d.deptype = 'i') || ')' " \
	"WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || " \
	"pg_get_expr(ad.adbin, ad.adrelid) || ') STORED' " \
	"ELSE coalesce(' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid), " \
	"'') END || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END " \
	"AS line FROM pg_attribute a LEFT JOIN pg_attrdef ad " \
	"ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum " \
	"WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped " \
	"AND a.attislocal " \
	"UNION ALL SELECT 1, CASE c.contype WHEN 'p' THEN 0 ELSE 1 END, " \
	"c.conname, format('CONSTRAINT %I %s', c.conname, " \
	"pg_get_constraintdef(c.oid)) FROM con c " \
	"WHERE c.conrelid = r.oid AND c.key = 'r' || r.oid) y) || E'\\n', '')"

/* One row per statement: the node's key, its rank and name (what orders
 * it among the nodes ready at the same time), then the statement's place
 * in the node (part, sub) and its text.  Ranks: schemas 0, extensions 1,
 * types 2, functions 3, sequences 4, tables 5, sequence ownership 6,
 * views 7, indexes 8, separate constraints 9, triggers 10; comment rows
 * carry no rank of their own (their node's first row does). */
static const char nodes_sql[] =
	DUMP_CTES ", " SEQ_OPTS ", " CMT " "
	"SELECT x.key, x.rank, x.name, x.stmt FROM ("
	/* schemas */
	"SELECT 'n' || n.oid AS key, 0 AS rank, n.nspname AS name, 0 AS part, "
	"'' AS sub, format('CREATE SCHEMA %I', n.nspname) AS stmt "
	"FROM nsp n WHERE n.nspname <> 'public' "
	"UNION ALL SELECT 'n' || n.oid, 0, '', 1, '', "
	"format('COMMENT ON SCHEMA %I IS %L', n.nspname, m.description) "
	"FROM nsp n JOIN cmt m ON m.classoid = 'pg_namespace'::regclass "
	"AND m.objoid = n.oid WHERE n.nspname <> 'public' "
	/* extensions */
	"UNION ALL SELECT 'e' || e.oid, 1, e.extname, 0, '', "
	"format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', "
	"e.extname, n.nspname) FROM pg_extension e JOIN pg_namespace n "
	"ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' "
	/* types */
	"UNION ALL SELECT 't' || t.oid, 2, t.qname, 0, '', "
	"format('CREATE TYPE %s AS ENUM (%s)', t.qname, "
	"(SELECT string_agg(quote_literal(e.enumlabel), ', ' "
	"ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)) "
	"FROM typ t WHERE t.typtype = 'e' "
	"UNION ALL SELECT 't' || t.oid, 2, t.qname, 0, '', "
	"format('CREATE DOMAIN %s AS %s', t.qname, "
	"format_type(t.typbasetype, t.typtypmod)) || CASE WHEN "
	"t.typcollation <> 0 AND t.typcollation <> (SELECT b.typcollation "
	"FROM pg_type b WHERE b.oid = t.typbasetype) THEN ' COLLATE ' || "
	"(SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co "
	"JOIN pg_namespace cn ON cn.oid = co.collnamespace "
	"WHERE co.oid = t.typcollation) ELSE '' END || "
	"coalesce(' DEFAULT ' || pg_get_expr(t.typdefaultbin, 0), '') || "
	"CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END || "
	"coalesce((SELECT string_agg(format(' CONSTRAINT %I %s', c.conname, "
	"pg_get_constraintdef(c.oid)), '' ORDER BY c.conname COLLATE \"C\") "
	"FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'), "
	"'') FROM typ t WHERE t.typtype = 'd' "
	"UNION ALL SELECT 't' || t.oid, 2, t.qname, 0, '', "
	"format('CREATE TYPE %s AS (%s)', t.qname, (SELECT string_agg("
	"format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)) "
	"|| " ATT_COLLATE ", ', ' ORDER BY a.attnum) FROM pg_attribute a "
	"WHERE a.attrelid = t.typrelid AND a.attnum > 0 "
	"AND NOT a.attisdropped)) FROM typ t WHERE t.typtype = 'c' "
	"UNION ALL SELECT 't' || t.oid, 2, '', 1, '', "
	"format('COMMENT ON %s %s IS %L', CASE t.typtype WHEN 'd' "
	"THEN 'DOMAIN' ELSE 'TYPE' END, t.qname, m.description) FROM typ t "
	"JOIN cmt m ON m.classoid = 'pg_type'::regclass AND m.objoid = t.oid "
	/* functions and procedures */
	"UNION ALL SELECT 'f' || p.oid, 3, p.qname || '(' || p.args || ')', "
	"0, '', rtrim(pg_get_functiondef(p.oid), E'\\n') FROM fn p "
	"UNION ALL SELECT 'f' || p.oid, 3, '', 1, '', "
	"format('COMMENT ON %s %s(%s) IS %L', CASE p.prokind WHEN 'p' "
	"THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.qname, p.args, "
	"m.description) FROM fn p JOIN cmt m "
	"ON m.classoid = 'pg_proc'::regclass AND m.objoid = p.oid "
	/* sequences (an identity column's is in its CREATE TABLE) */
	"UNION ALL SELECT 'r' || r.oid, 4, r.qname, 0, '', "
	"'CREATE SEQUENCE ' || r.qname || o.astype || o.opts FROM rel r "
	"JOIN seqopt o ON o.seqrelid = r.oid WHERE r.relkind = 'S' "
	"AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = "
	"'pg_class'::regclass AND d.objid = r.oid AND d.deptype = 'i') "
	"UNION ALL SELECT 'o' || r.oid, 6, r.qname, 0, '', "
	"format('ALTER SEQUENCE %s OWNED BY %s.%I', r.qname, t.qname, "
	"a.attname) FROM rel r JOIN pg_depend d ON d.classid = "
	"'pg_class'::regclass AND d.objid = r.oid AND d.refclassid = "
	"'pg_class'::regclass AND d.deptype = 'a' AND d.refobjsubid > 0 "
	"JOIN rel t ON t.oid = d.refobjid JOIN pg_attribute a "
	"ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
	"WHERE r.relkind = 'S' "
	/* tables */
	"UNION ALL SELECT 'r' || r.oid, 5, r.qname, 0, '', "
	"CASE WHEN r.relispartition THEN format('CREATE TABLE %s "
	"PARTITION OF %s %s', r.qname, (SELECT p.qname FROM pg_inherits i "
	"JOIN rel p ON p.oid = i.inhparent WHERE i.inhrelid = r.oid), "
	"pg_get_expr(r.relpartbound, r.oid)) "
	"ELSE format('CREATE %sTABLE %s (%s)', CASE r.relpersistence "
	"WHEN 'u' THEN 'UNLOGGED ' ELSE '' END, r.qname, " TABLE_BODY ") "
	"|| coalesce(' INHERITS (' || (SELECT string_agg(p.qname, ', ' "
	"ORDER BY i.inhseqno) FROM pg_inherits i JOIN rel p "
	"ON p.oid = i.inhparent WHERE i.inhrelid = r.oid) || ')', '') "
	"|| CASE WHEN r.relkind = 'p' THEN ' PARTITION BY ' || "
	"pg_get_partkeydef(r.oid) ELSE '' END || coalesce(' WITH (' || "
	"array_to_string(r.reloptions, ', ') || ')', '') END "
	"FROM rel r WHERE r.relkind IN ('r', 'p') "
	/* views */
	"UNION ALL SELECT 'r' || r.oid, 7, r.qname, 0, '', "
	"format('CREATE %sVIEW %s%s AS%s%s', CASE r.relkind WHEN 'm' "
	"THEN 'MATERIALIZED ' ELSE '' END, r.qname, ' WITH (' || "
	"array_to_string(r.reloptions, ', ') || ')', E'\\n', "
	"rtrim(pg_get_viewdef(r.oid, true), ';')) FROM rel r "
	"WHERE r.relkind IN ('v', 'm') "
	/* indexes (a constraint's is in the constraint; a partition's
	 * comes with its parent's); ON ONLY would leave the partitions
	 * without theirs */
	"UNION ALL SELECT 'r' || r.oid, 8, r.qname, 0, '', "
	"CASE WHEN r.relkind = 'I' AND left(pg_get_indexdef(r.oid), "
	"length(q.pre) + 9) = q.pre || ' ON ONLY ' THEN q.pre || ' ON ' || "
	"substr(pg_get_indexdef(r.oid), length(q.pre) + 10) "
	"ELSE pg_get_indexdef(r.oid) END FROM rel r JOIN pg_index x "
	"ON x.indexrelid = r.oid CROSS JOIN LATERAL (SELECT format("
	"'CREATE %sINDEX %I', CASE WHEN x.indisunique THEN 'UNIQUE ' "
	"ELSE '' END, r.relname) AS pre) q WHERE NOT r.relispartition "
	"AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = "
	"r.oid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x')) "
	/* comments on relations and their columns */
	"UNION ALL SELECT 'r' || r.oid, 0, '', 1, '', "
	"format('COMMENT ON %s %s IS %L', CASE r.relkind WHEN 'S' "
	"THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN "
	"'MATERIALIZED VIEW' WHEN 'i' THEN 'INDEX' WHEN 'I' THEN 'INDEX' "
	"ELSE 'TABLE' END, r.qname, m.description) FROM rel r JOIN cmt m "
	"ON m.classoid = 'pg_class'::regclass AND m.objoid = r.oid "
	"AND m.objsubid = 0 "
	"UNION ALL SELECT 'r' || r.oid, 0, '', 2, lpad(a.attnum::text, 5, "
	"'0'), format('COMMENT ON COLUMN %s.%I IS %L', r.qname, a.attname, "
	"m.description) FROM rel r JOIN cmt m ON m.classoid = "
	"'pg_class'::regclass AND m.objoid = r.oid AND m.objsubid > 0 "
	"JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = m.objsubid "
	/* constraints of their own, after every table */
	"UNION ALL SELECT c.key, 9, c.tqname || ' ' || c.conname, 0, '', "
	"format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.tqname, c.conname, "
	"pg_get_constraintdef(c.oid)) FROM con c WHERE c.key = 'c' || c.oid "
	"UNION ALL SELECT c.key, 0, '', 3, c.conname, "
	"format('COMMENT ON CONSTRAINT %I ON %s IS %L', c.conname, c.tqname, "
	"m.description) FROM con c JOIN cmt m "
	"ON m.classoid = 'pg_constraint'::regclass AND m.objoid = c.oid "
	/* triggers */
	"UNION ALL SELECT 'g' || g.oid, 10, g.tqname || ' ' || g.tgname, 0, "
	"'', pg_get_triggerdef(g.oid) FROM trg g "
	"UNION ALL SELECT 'g' || g.oid, 0, '', 1, '', "
	"format('ALTER TABLE %s %s TRIGGER %I', g.tqname, CASE g.tgenabled "
	"WHEN 'D' THEN 'DISABLE' WHEN 'A' THEN 'ENABLE ALWAYS' "
	"ELSE 'ENABLE REPLICA' END, g.tgname) FROM trg g "
	"WHERE g.tgenabled <> 'O' "
	"UNION ALL SELECT 'g' || g.oid, 0, '', 2, '', "
	"format('COMMENT ON TRIGGER %I ON %s IS %L', g.tgname, g.tqname, "
	"m.description) FROM trg g JOIN cmt m "
	"ON m.classoid = 'pg_trigger'::regclass AND m.objoid = g.oid"
	") x ORDER BY x.key COLLATE \"C\", x.part, x.sub COLLATE \"C\"";

/* Every catalog object a dumped object may depend on, with the key of
 * the node that creates it. */
#define DUMP_MAP \
	"map AS (SELECT 'pg_namespace'::regclass AS classid, n.oid AS objid, " \
	"'n' || n.oid AS key FROM nsp n " \
	"UNION ALL SELECT 'pg_extension'::regclass, e.oid, 'e' || e.oid " \
	"FROM pg_extension e WHERE e.extname <> 'plpgsql' " \
	"UNION ALL SELECT x.classid, x.objid, 'e' || x.extoid FROM ext x " \
	"JOIN pg_extension e ON e.oid = x.extoid " \
	"WHERE e.extname <> 'plpgsql' " \
	"UNION ALL SELECT 'pg_type'::regclass, t.oid, 't' || t.oid " \
	"FROM typ t " \
	"UNION ALL SELECT 'pg_type'::regclass, b.typarray, 't' || t.oid " \
	"FROM typ t JOIN pg_type b ON b.oid = t.oid WHERE b.typarray <> 0 " \
	"UNION ALL SELECT 'pg_class'::regclass, t.typrelid, 't' || t.oid " \
	"FROM typ t WHERE t.typtype = 'c' " \
	"UNION ALL SELECT 'pg_proc'::regclass, p.oid, 'f' || p.oid FROM fn p " \
	"UNION ALL SELECT 'pg_class'::regclass, r.oid, 'r' || r.oid " \
	"FROM rel r " \
	"UNION ALL SELECT 'pg_type'::regclass, c.reltype, 'r' || r.oid " \
	"FROM rel r JOIN pg_class c ON c.oid = r.oid WHERE c.reltype <> 0 " \
	"UNION ALL SELECT 'pg_type'::regclass, b.typarray, 'r' || r.oid " \
	"FROM rel r JOIN pg_class c ON c.oid = r.oid JOIN pg_type b " \
	"ON b.oid = c.reltype WHERE b.typarray <> 0 " \
	"UNION ALL SELECT 'pg_attrdef'::regclass, ad.oid, 'r' || r.oid " \
	"FROM rel r JOIN pg_attrdef ad ON ad.adrelid = r.oid " \
	"UNION ALL SELECT 'pg_rewrite'::regclass, w.oid, 'r' || r.oid " \
	"FROM rel r JOIN pg_rewrite w ON w.ev_class = r.oid " \
	"UNION ALL SELECT 'pg_constraint'::regclass, c.oid, c.key FROM con c " \
	"UNION ALL SELECT 'pg_class'::regclass, k.conindid, c.key FROM con c " \
	"JOIN pg_constraint k ON k.oid = c.oid " \
	"WHERE c.contype IN ('p', 'u', 'x') " \
	"UNION ALL SELECT 'pg_constraint'::regclass, k.oid, 't' || t.oid " \
	"FROM typ t JOIN pg_constraint k ON k.contypid = t.oid " \
	"UNION ALL SELECT 'pg_trigger'::regclass, g.oid, 'g' || g.oid " \
	"FROM trg g)"

/* A sequence owned by a column: the ownership comes after both. */
#define OWNED_BY(side) \
	"SELECT 'r' || d." side ", 'o' || d.objid FROM pg_depend d " \
	"JOIN rel r ON r.oid = d.objid WHERE d.classid = " \
	"'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass " \
	"AND d.deptype = 'a' AND d.refobjsubid > 0 AND r.relkind = 'S'"

/* (before, after) pairs of node keys: pg_depend through the map, less
 * the ownership of sequences (their own node).  Keys of objects that are
 * not nodes (a constraint's index, an identity sequence) are dropped by
 * the caller. */
static const char edges_sql[] =
	DUMP_CTES ", " DUMP_MAP " "
	"SELECT b.key, a.key FROM pg_depend d "
	"JOIN map a ON a.classid = d.classid AND a.objid = d.objid "
	"JOIN map b ON b.classid = d.refclassid AND b.objid = d.refobjid "
	"WHERE d.deptype IN ('n', 'a') AND a.key <> b.key "
	"AND NOT (d.classid = 'pg_class'::regclass AND d.deptype = 'a' "
	"AND d.refclassid = 'pg_class'::regclass AND (SELECT c.relkind "
	"FROM pg_class c WHERE c.oid = d.objid) = 'S') "
	"UNION " OWNED_BY("objid") " UNION " OWNED_BY("refobjid");

/* The oids of the tables to leave out, as an array literal ("{1,2}"),
 * looked up where the stamp code finds them (the reader's
 * search_path); PQclear the result. */
static PGresult *skip_oids(struct migrator_conn *c, const char *version_table,
			   const char *history_table, struct migrator_diag *d)
{
	const char *names[2] = {NULL, NULL};
	struct pg_names vt, ht;
	PGresult *res = NULL;

	memset(&ht, 0, sizeof(ht));
	if (pg_names_make(&vt, version_table, "version", 8, d) < 0)
		return NULL;
	if (history_table &&
	    pg_names_make(&ht, history_table, "history", 0, d) < 0)
		goto out;
	names[0] = vt.qualified;
	names[1] = ht.qualified;
	res = pg_query(c,
		       "SELECT coalesce(array_agg(o) FILTER (WHERE o IS NOT "
		       "NULL), '{}')::text FROM (VALUES (to_regclass($1)::oid), "
		       "(to_regclass($2)::oid)) v(o)",
		       2, names, d);
out:
	pg_names_free(&vt);
	pg_names_free(&ht);
	return res;
}

/* The dump's nodes: one per key of nodes_sql's rows, rows[first..end). */
struct node {
	const char *key;
	int first, end;
};

static int find_node(const struct node *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].key, key);

		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Groups the rows (sorted by key) into nodes; a group without its
 * creating row (a comment on an index that a constraint makes) is no
 * node. */
static size_t group(const PGresult *res, struct node *v,
		    struct pg_sort_node *sn)
{
	int rows = PQntuples(res);
	size_t n = 0;

	for (int i = 0; i < rows;) {
		const char *key = PQgetvalue(res, i, 0);
		int end = i + 1;

		while (end < rows && strcmp(PQgetvalue(res, end, 0), key) == 0)
			end++;
		if (*PQgetvalue(res, i, 2)) { /* a name: the creating row */
			v[n].key = key;
			v[n].first = i;
			v[n].end = end;
			sn[n].rank = atoi(PQgetvalue(res, i, 1));
			sn[n].name = PQgetvalue(res, i, 2);
			n++;
		}
		i = end;
	}
	return n;
}

static int push(struct migrator_strvec *out, const char *s,
		struct migrator_diag *d)
{
	return pg_host->strvec_push(out, s) < 0 ? pg_nomem(d) : 0;
}

/* Row i's statement.  NULL: the server could not print the object (a
 * pg_get_*def of an object dropped meanwhile by someone not holding
 * migrator's run lock). */
static int push_row(const PGresult *nodes, int i, struct migrator_strvec *out,
		    struct migrator_diag *d)
{
	if (PQgetisnull(nodes, i, 3))
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "the definition of %s could not be "
					 "read: it changed while it was dumped",
					 PQgetvalue(nodes, i, 2));
	return push(out, PQgetvalue(nodes, i, 3), d);
}

/* The statements of nodes_sql's rows in dependency order. */
static int push_ordered(const PGresult *nodes, const PGresult *edges,
			struct migrator_strvec *out, struct migrator_diag *d)
{
	size_t rows = (size_t)PQntuples(nodes), ne = 0, n;
	struct node *v = calloc(rows + 1, sizeof(*v));
	struct pg_sort_node *sn = calloc(rows + 1, sizeof(*sn));
	size_t *order = calloc(rows + 1, sizeof(*order));
	size_t(*e)[2] = calloc((size_t)PQntuples(edges) + 1, sizeof(*e));
	int rc = 0;

	if (!v || !sn || !order || !e) {
		rc = pg_nomem(d);
		goto out;
	}
	n = group(nodes, v, sn);
	for (int i = 0; i < PQntuples(edges); i++) {
		int a = find_node(v, n, PQgetvalue(edges, i, 0));
		int b = find_node(v, n, PQgetvalue(edges, i, 1));

		if (a >= 0 && b >= 0) {
			e[ne][0] = (size_t)a;
			e[ne++][1] = (size_t)b;
		}
	}
	if (pg_dump_sort(sn, n, (const size_t(*)[2])e, ne, order) < 0) {
		rc = pg_nomem(d);
		goto out;
	}
	for (size_t k = 0; rc == 0 && k < n; k++)
		for (int i = v[order[k]].first; rc == 0 && i < v[order[k]].end;
		     i++)
			rc = push_row(nodes, i, out, d);
out:
	free(v);
	free(sn);
	free(order);
	free(e);
	return rc;
}

/* The stamp table as a run creates it, and INSERTs of its rows. */
static int push_stamp(const char *table, const PGresult *rows,
		      struct migrator_strvec *out, struct migrator_diag *d)
{
	int n = rows ? PQntuples(rows) : 0;
	const char **add = calloc((size_t)n + 1, sizeof(*add));
	int rc;

	if (!add)
		return pg_nomem(d);
	for (int i = 0; i < n; i++)
		add[i] = PQgetvalue(rows, i, 0);
	rc = pg_sql_ensure(table, out, d);
	if (rc == 0)
		rc = pg_sql_write(table, NULL, 0, add, (size_t)n, out, d);
	free(add);
	return rc;
}

/* What runs inside the dump's transaction. */
static int dump_in_tx(struct migrator_conn *c, const char *version_table,
		      const char *history_table, struct migrator_strvec *out,
		      struct migrator_diag *d)
{
	PGresult *skip = NULL, *stamp = NULL, *nodes = NULL, *edges = NULL;
	const char *param[1];
	int rc;

	skip = skip_oids(c, version_table, history_table, d);
	rc = skip ? pg_stamp_rows(c, version_table, &stamp, d)
		  : MIGRATOR_DRIVER_EDB;
	/* from here on every name is written schema-qualified */
	if (rc == 0)
		rc = pg_command(c, "SELECT set_config('search_path', '', true)",
				d);
	if (rc == 0) {
		param[0] = PQgetvalue(skip, 0, 0);
		nodes = pg_query(c, nodes_sql, 1, param, d);
		edges = nodes ? pg_query(c, edges_sql, 1, param, d) : NULL;
		rc = edges ? 0 : MIGRATOR_DRIVER_EDB;
	}
	/* a function's body may name what is created after it */
	if (rc == 0)
		rc = push(out, "SET check_function_bodies = false", d);
	if (rc == 0)
		rc = push_ordered(nodes, edges, out, d);
	if (rc == 0)
		rc = push_stamp(version_table, stamp, out, d);
	PQclear(skip);
	PQclear(stamp);
	PQclear(nodes);
	PQclear(edges);
	return rc;
}

int pg_dump(struct migrator_conn *c, const char *version_table,
	    const char *history_table, struct migrator_strvec *out,
	    struct migrator_diag *d)
{
	int rc;

	if (pg_tx_status(c) != PQTRANS_IDLE)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot dump: a transaction is open");
	rc = pg_command(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
			d);
	if (rc < 0)
		return rc;
	rc = dump_in_tx(c, version_table, history_table, out, d);
	/* read only: nothing to keep; d keeps a first error */
	if (pg_rollback(c, d) < 0 && rc == 0)
		rc = MIGRATOR_DRIVER_EDB;
	return rc;
}
