-- pg_schema.sql - the schema of a PostgreSQL database as sorted lines, from
-- the catalogs: the same query on every server from 13 to 18, where
-- pg_dump cannot serve (pg_dump refuses a server newer than itself, and
-- prints an older one's defaults, such as the public schema's grants,
-- differently).  Two databases on one server with the same objects give
-- the same lines; the definitions are the server's own text
-- (pg_get_indexdef, pg_get_constraintdef, format_type, ...).
--
--   psql -X -A -t -q -v ON_ERROR_STOP=1 -v exclude=PATTERN -f pg_schema.sql URL
--
-- Relations whose name is LIKE :'exclude' are left out, with their
-- columns, constraints, indexes, triggers and rules (tests/e2e/helpers.bash
-- pg_schema passes one that matches nothing by default).  So are the
-- extensions' own objects.  NOT NULL is a column's attnotnull on every
-- version (PostgreSQL 18's NOT NULL constraints, contype 'n', are not
-- listed again as constraints).
WITH ns AS (
	SELECT oid, nspname FROM pg_namespace
	WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
), ext AS (
	SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
), rel AS (
	SELECT c.oid, c.relkind, c.oid::regclass::text AS name
	FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
	AND c.relname NOT LIKE :'exclude'
	AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_class'::regclass
		AND ext.objid = c.oid)
)
SELECT line FROM (
	SELECT format('schema %I %s', nspname, (SELECT nspacl FROM pg_namespace p
		WHERE p.oid = ns.oid)) AS line FROM ns
	UNION ALL
	SELECT format('extension %I %I', e.extname, n.nspname)
	FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
	UNION ALL
	SELECT format('relation %s %s %s %s rls=%s %s %s', rel.name, c.relkind,
		c.relpersistence, c.relacl, c.relrowsecurity,
		pg_get_partkeydef(c.oid), pg_get_expr(c.relpartbound, c.oid))
	FROM rel JOIN pg_class c ON c.oid = rel.oid
	UNION ALL
	SELECT format('column %s %s %I %s%s%s%s%s%s', rel.name,
		row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum),
		a.attname, format_type(a.atttypid, a.atttypmod),
		CASE WHEN a.attnotnull THEN ' NOT NULL' END,
		' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid),
		CASE WHEN a.attidentity <> '' THEN ' IDENTITY ' || a.attidentity::text END,
		CASE WHEN a.attgenerated <> '' THEN ' GENERATED ' || a.attgenerated::text END,
		CASE WHEN a.attcollation <> t.typcollation
			THEN ' COLLATE ' || a.attcollation::regcollation::text END)
	FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid
	JOIN pg_type t ON t.oid = a.atttypid
	LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	WHERE a.attnum > 0 AND NOT a.attisdropped
	UNION ALL
	SELECT format('constraint %s %I %s', rel.name, con.conname,
		pg_get_constraintdef(con.oid))
	FROM rel JOIN pg_constraint con ON con.conrelid = rel.oid
	WHERE con.contype <> 'n'
	UNION ALL
	SELECT format('index %s%s', pg_get_indexdef(i.indexrelid),
		CASE WHEN NOT i.indisvalid THEN ' INVALID' END)
	FROM rel JOIN pg_index i ON i.indrelid = rel.oid
	UNION ALL
	SELECT format('sequence %s %s %s %s %s %s %s %s', rel.name,
		s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
		s.seqcache, s.seqcycle)
	FROM rel JOIN pg_sequence s ON s.seqrelid = rel.oid
	UNION ALL
	SELECT format('view %s %s', rel.name, pg_get_viewdef(rel.oid))
	FROM rel WHERE rel.relkind IN ('v', 'm')
	UNION ALL
	SELECT format('rule %s', pg_get_ruledef(r.oid))
	FROM rel JOIN pg_rewrite r ON r.ev_class = rel.oid
	WHERE r.rulename <> '_RETURN'
	UNION ALL
	SELECT format('trigger %s', pg_get_triggerdef(tg.oid))
	FROM rel JOIN pg_trigger tg ON tg.tgrelid = rel.oid
	WHERE NOT tg.tgisinternal
	UNION ALL
	SELECT format('policy %s %I %s %s %s %s %s', rel.name, p.polname,
		p.polcmd, p.polpermissive, p.polroles::regrole[],
		pg_get_expr(p.polqual, p.polrelid),
		pg_get_expr(p.polwithcheck, p.polrelid))
	FROM rel JOIN pg_policy p ON p.polrelid = rel.oid
	UNION ALL
	SELECT format('function %s %s %s', p.oid::regprocedure, p.prokind,
		CASE WHEN p.prokind IN ('f', 'p') THEN md5(pg_get_functiondef(p.oid)) END)
	FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
	WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_proc'::regclass
		AND ext.objid = p.oid)
	UNION ALL
	SELECT format('type %s %s %s %s %s', t.oid::regtype, t.typtype, t.typnotnull,
		CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
		(SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
			FROM pg_enum e WHERE e.enumtypid = t.oid))
	FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
	WHERE t.typtype IN ('e', 'd', 'r')
	AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_type'::regclass
		AND ext.objid = t.oid)
	UNION ALL
	SELECT format('constraint %s %I %s', con.contypid::regtype, con.conname,
		pg_get_constraintdef(con.oid))
	FROM pg_constraint con JOIN pg_type t ON t.oid = con.contypid
	JOIN ns ON ns.oid = t.typnamespace
	WHERE con.contype <> 'n'
) lines ORDER BY line COLLATE "C";
