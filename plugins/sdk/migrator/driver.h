/*
 * driver.h - the migrator database driver ABI.
 *
 * A driver is a shared object loaded with dlopen(RTLD_NOW | RTLD_LOCAL) from
 * the drivers directory ($(pkglibdir)/drivers).  It exports exactly one
 * symbol, the descriptor migrator_module (<migrator/module.h>), defined with
 * MIGRATOR_DRIVER_MODULE(name, create, destroy), and does not link
 * libmigrator: everything it needs from the host comes through struct
 * migrator_host (SQLite's extension thunk idea).  The host checks the
 * descriptor (kind driver, this ABI major, its size) before it calls
 * create().
 *
 * Versioning: MIGRATOR_DRIVER_ABI_MAJOR changes when any existing member
 * changes meaning or place; every driver must then be rebuilt, and the host
 * refuses a driver of another major.  MIGRATOR_DRIVER_ABI_MINOR grows when
 * members are appended at the end of a struct; the host reads a member added
 * in minor N only if the driver's abi_minor >= N.  Structs only ever grow at
 * the end, and each starts with the frozen header abi_major, abi_minor, size.
 *
 * ABI 2.0 replaces ABI 1.3: the descriptor replaces the entry
 * point migrator_driver_init; history_read reports through a typed sink
 * (host->history_row) instead of a flat list of strings; the error codes
 * are those of <migrator/module.h>.  Every other member of 1.3 is in 2.0,
 * where it is.  ABI 2.1 appends verify_exec and the caps bit
 * MIGRATOR_CAP_SCRATCH_ALONE (`migrator verify`); ABI 2.2 the optional
 * member dump (`migrator dump`); ABI 2.3 the host's schema_object (views,
 * triggers, sequences, functions and types for check and verify) and the
 * optional members conn_caps, outside_tx_check and invalid_indexes
 * (connection poolers, invalid indexes) and set_timeouts (lock timeouts
 * with retries), data_fill and data_count (`migrator verify
 * --with-data`).  ABI 2.4 appends begin_timeouts (one round trip for a
 * revision's BEGIN and its timeouts), foreign_read (`migrator adopt`),
 * schemas_list and schema_use (tenant schemas, `--schemas`), diff_render
 * (`migrator diff`).  ABI 2.5 appends exec_list (a transactional
 * revision's statements in one round trip).  ABI 2.6 appends exec_defer
 * (a revision's statements, history row, stamp and COMMIT in one round
 * trip).
 *
 * Ownership: nothing is freed across the boundary.  A driver frees its own
 * connection in close(); text it reports is copied by the host callbacks.
 * Errors, as for every plugin (<migrator/module.h>): all functions return 0
 * on success or a negative code after filling the diag through
 * host->diag_set().
 */
#ifndef MIGRATOR_DRIVER_H
#define MIGRATOR_DRIVER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <migrator/module.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MIGRATOR_DRIVER_ABI_MAJOR 2
#define MIGRATOR_DRIVER_ABI_MINOR 6

/* Error codes a driver returns: those of <migrator/module.h>. */
#define MIGRATOR_DRIVER_EDB MIGRATOR_PLUGIN_EDB
#define MIGRATOR_DRIVER_ENOMEM MIGRATOR_PLUGIN_ENOMEM
#define MIGRATOR_DRIVER_ELOCK MIGRATOR_PLUGIN_ELOCK
#define MIGRATOR_DRIVER_ECONFIG MIGRATOR_PLUGIN_ECONFIG

struct migrator_strvec;  /* <migrator/strvec.h>; opaque to drivers */
struct migrator_conn;    /* defined by each driver; opaque to the host */
struct migrator_schema;  /* introspection sink; opaque to drivers */
struct migrator_history; /* history_read's sink; opaque to drivers */

/* Filled by the host, passed to create().  Append only. */
struct migrator_host {
	uint16_t abi_major, abi_minor;
	uint32_t size;
	int (*diag_set)(struct migrator_diag *d, int code, const char *fmt,
			...) __attribute__((format(printf, 3, 4)));
	void (*diag_detail)(struct migrator_diag *d, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
	void (*diag_hint)(struct migrator_diag *d, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
	void (*diag_sqlstate)(struct migrator_diag *d, const char *sqlstate);
	int (*strvec_push)(struct migrator_strvec *v, const char *s);

	/* The sink of driver->introspect.  Each copies its
	 * arguments and returns 0 or MIGRATOR_DRIVER_ENOMEM.  type is the
	 * database's spelling, normalised by the driver so that the same DDL
	 * gives the same text; dflt is the default's expression text or
	 * NULL; columns are comma-and-space separated ("a, b"), expressions
	 * in an index as the database prints them. */
	int (*schema_table)(struct migrator_schema *s, const char *table);
	int (*schema_column)(struct migrator_schema *s, const char *table,
			     const char *column, const char *type,
			     int notnull, const char *dflt);
	int (*schema_index)(struct migrator_schema *s, const char *table,
			    const char *index, int unique,
			    const char *columns);
	int (*schema_fkey)(struct migrator_schema *s, const char *table,
			   const char *columns, const char *ref_table,
			   const char *ref_columns);
	/* The sink of driver->history_read: one call per revision, its
	 * checksum (NULL when the row has none).  Copies; returns 0 or
	 * MIGRATOR_DRIVER_ENOMEM. */
	int (*history_row)(struct migrator_history *h, const char *revision,
			   const char *checksum);

	/* ABI 2.3 (snapshot objects) */

	/* More of driver->introspect's sink: one call per schema object
	 * other than a table, its columns, indexes and foreign keys.  kind
	 * is "view" (materialized ones too), "trigger", "sequence",
	 * "function" (procedures too) or "type" (enum, domain, composite);
	 * table is the table (or view) a trigger belongs to, NULL for the
	 * other kinds; name is unique among the objects of its kind (of its
	 * table, for a trigger; a function's with its argument types:
	 * "f(integer, text)"); definition is the database's own normalised
	 * text of the object (PostgreSQL: pg_get_viewdef, pg_get_triggerdef,
	 * pg_get_functiondef, an enum's labels in order; SQLite: its
	 * sqlite_master text), so that equal objects give equal text.
	 * Copies; returns 0 or MIGRATOR_DRIVER_ENOMEM; a kind the host does
	 * not know is ignored.  A driver calls it only when the host's
	 * abi_minor >= 3 and its size covers it (MIGRATOR_HOST_HAS); an
	 * older host compares tables only.  The columns a driver reports
	 * through schema_column come in each table's column order, which
	 * is their position. */
	int (*schema_object)(struct migrator_schema *s, const char *kind,
			     const char *table, const char *name,
			     const char *definition);
};

/* 1 if the host h has member m, added in ABI 2.minor: for a driver, before
 * it calls a member appended after history_row. */
#define MIGRATOR_HOST_HAS(h, minor, m) \
	((h)->abi_minor >= (minor) && \
	 (h)->size >= offsetof(struct migrator_host, m) + sizeof((h)->m) && \
	 (h)->m != NULL)

/*
 * Qualified table names (the version table and its history table): one
 * rule for the host and every driver.  A name is TABLE or SCHEMA.TABLE: at
 * most one '.', with a non-empty name on each side of it; every other
 * character, quotes included, belongs to a name and is quoted as such.
 * Returns the length of SCHEMA (0 when there is none) and points *table at
 * TABLE; returns -1 when name breaks the rule (the host refuses such a
 * version table before it calls a driver).
 */
static inline long migrator_table_name_split(const char *name,
					     const char **table)
{
	const char *dot = name ? strchr(name, '.') : NULL;

	*table = name;
	if (!name || !*name)
		return -1;
	if (!dot)
		return 0;
	if (dot == name || !dot[1] || strchr(dot + 1, '.'))
		return -1;
	*table = dot + 1;
	return (long)(dot - name);
}

/* connect() flags */
#define MIGRATOR_CONNECT_CREATE 0x1u /* a missing database file may be created */

/* What the host asks for when it connects.  Append only. */
struct migrator_connect_params {
	uint32_t size;       /* sizeof(struct migrator_connect_params) */
	const char *url;     /* the URL as the user gave it */
	unsigned flags;      /* MIGRATOR_CONNECT_* */
	unsigned timeout_ms; /* how long to wait for locks (busy timeout) */
	/* Server notices and other chatter; may be NULL.  text has no newline. */
	void (*notice)(void *payload, const char *text);
	void *payload;
	/* How long to wait for a server to answer when connecting, in ms,
	 * as the user chose it (--connect-timeout); 0: not chosen, the
	 * driver's default (PostgreSQL: 10 s unless the URL's
	 * connect_timeout or PGCONNECT_TIMEOUT says otherwise).  Read only
	 * when size covers it. */
	unsigned connect_timeout_ms;
};

/* caps bits */
#define MIGRATOR_CAP_TRANSACTIONAL_DDL 0x1u /* DDL may run inside begin/commit */
#define MIGRATOR_CAP_RUN_LOCK 0x2u /* lock() holds a lock for the whole run */
/* connect() never creates a database (a server's): MIGRATOR_CONNECT_CREATE
 * changes nothing, so the host does not connect a second time with it */
#define MIGRATOR_CAP_NO_CREATE 0x4u
/* ABI 2.1: scratch_connect needs no connection to the live database, and
 * may be given NULL for c (SQLite's scratch database is in memory), so
 * `migrator verify` need not open (or create) the URL's database */
#define MIGRATOR_CAP_SCRATCH_ALONE 0x8u

/* ABI 2.4 (diff): one change of `migrator diff`, handed to diff_render.
 * The host computes the changes from two introspected schemas, "from"
 * (what the database has) and "to" (what it must get); the driver turns
 * each into statements.  Append only. */
#define MIGRATOR_DIFF_CREATE 1 /* an object only "to" has */
#define MIGRATOR_DIFF_DROP 2   /* an object only "from" has */
#define MIGRATOR_DIFF_ALTER 3  /* a table on both sides that differs */

struct migrator_diff_change {
	uint32_t size; /* sizeof(struct migrator_diff_change) in the host */
	unsigned op;   /* MIGRATOR_DIFF_* */
	/* "table", "index", or a kind of host->schema_object ("view",
	 * "trigger", ...) */
	const char *kind;
	/* the table (of an index or trigger: its table); NULL for the other
	 * objects */
	const char *table;
	/* the object's name ("to"'s; "from"'s for a DROP); a table's too */
	const char *name;

	/* ALTER of a table only (else NULL and 0): */
	const char *old_name; /* the table's name in "from" (a rename) */
	/* the columns both sides have, in "to"'s order: their names in "to"
	 * and in "from" (they differ for a renamed column) */
	const char *const *cols, *const *old_cols;
	size_t ncols;
	/* of cols, those whose type, nullability or default differs */
	const char *const *changed;
	size_t nchanged;
	const char *const *added; /* columns only "to" has, in its order */
	size_t nadded;
	const char *const *dropped; /* columns only "from" has */
	size_t ndropped;
	/* the indexes and triggers of the table that stay as they are
	 * (names): a driver that rebuilds the table makes them again */
	const char *const *kept;
	size_t nkept;
	/* the table's definition on each side as the driver's introspection
	 * reported it (schema_object kind "table"), NULL when it reports
	 * none; for an index (CREATE, DROP), its table's on each side; for
	 * another object, its own definition (schema_object's) on each
	 * side */
	const char *old_definition, *definition;
	int fkeys_changed; /* its foreign keys differ */
	int columns_moved; /* the columns both sides have stand in another
			    * order */
	/* for each of changed, what differs: "t" type, "n" nullability, "d"
	 * default, in that order ("td": type and default) */
	const char *const *changed_what;
};

struct migrator_driver {
	uint16_t abi_major, abi_minor; /* MIGRATOR_DRIVER_ABI_* the driver was built with */
	uint32_t size;                 /* sizeof(struct migrator_driver) in the driver */
	const char *name;              /* plugin file name without .so: "sqlite" */
	const char *dialect;           /* section dialect: "sqlite", "postgresql" */
	const char *const *schemes;    /* URL schemes, NULL-terminated */
	unsigned caps;                 /* MIGRATOR_CAP_* */

	/* Opens a connection.  On failure *out is NULL.  Messages never
	 * contain a password. */
	int (*connect)(struct migrator_conn **out,
		       const struct migrator_connect_params *params,
		       struct migrator_diag *d);
	/* Closes and frees; accepts NULL.  Rolls back an open transaction. */
	void (*close)(struct migrator_conn *c);

	/* Runs one SQL statement (no trailing semicolon needed).  On failure
	 * the diag's message is the database's primary message, detail and
	 * hint the database's own, sqlstate set where the database has one. */
	int (*exec)(struct migrator_conn *c, const char *sql, size_t len,
		    struct migrator_diag *d);

	/* A migration's transaction.  begin() takes the database's write lock
	 * where it has one (SQLite: BEGIN IMMEDIATE, waiting timeout_ms).
	 * commit() runs the driver's pre-commit checks (SQLite:
	 * foreign_key_check) and fails, leaving the transaction open for
	 * rollback(), if they find problems. */
	int (*begin)(struct migrator_conn *c, struct migrator_diag *d);
	int (*commit)(struct migrator_conn *c, struct migrator_diag *d);
	int (*rollback)(struct migrator_conn *c, struct migrator_diag *d);

	/* The run lock, keyed by the version table's name.  Called outside any
	 * transaction; waits at most timeout_ms and then fails with
	 * MIGRATOR_DRIVER_ELOCK.  Drivers without MIGRATOR_CAP_RUN_LOCK return 0
	 * and rely on begin()'s write lock. */
	int (*lock)(struct migrator_conn *c, const char *table,
		    unsigned timeout_ms, struct migrator_diag *d);
	int (*unlock)(struct migrator_conn *c, const char *table,
		      struct migrator_diag *d);

	/* The stamp table, DESIGN 5.  table may be "schema.table" (split
	 * with migrator_table_name_split); the driver quotes each part.  stamp_ensure creates it if missing.  stamp_read pushes
	 * one string per row (sorted) and treats a missing table as empty.
	 * stamp_write removes the rows in del and inserts those in add; it
	 * fails if a row to remove is not there (someone else moved the stamp).
	 * Values are always bound parameters. */
	int (*stamp_ensure)(struct migrator_conn *c, const char *table,
			    struct migrator_diag *d);
	int (*stamp_read)(struct migrator_conn *c, const char *table,
			  struct migrator_strvec *out, struct migrator_diag *d);
	int (*stamp_write)(struct migrator_conn *c, const char *table,
			   const char *const *del, size_t ndel,
			   const char *const *add, size_t nadd,
			   struct migrator_diag *d);

	/* Optional members (ABI 1.1 to 1.3, all in 2.0); NULL = unsupported.
	 * The host reads them only when size covers them. */

	/* Pushes the user tables of the connection's default schema (SQLite:
	 * main; PostgreSQL: current_schema()) with their columns, indexes
	 * and foreign keys through host->schema_*.  The host filters out the
	 * version and history tables. */
	int (*introspect)(struct migrator_conn *c, struct migrator_schema *out,
			  struct migrator_diag *d);
	/* Opens an empty scratch database of the same backend for `check` and `verify`
	 * (SQLite: in memory; PostgreSQL: a new database created through c,
	 * dropped again when the scratch connection is closed, whose name
	 * tells scratch_sweep when it was created).  c must stay open until
	 * the scratch connection is closed; with MIGRATOR_CAP_SCRATCH_ALONE
	 * it may be NULL.  If it fails, nothing is left. */
	int (*scratch_connect)(struct migrator_conn **out,
			       struct migrator_conn *c,
			       const struct migrator_connect_params *params,
			       struct migrator_diag *d);
	/* The run history table (columns id, revision, direction, checksum,
	 * started_at, duration_ms, applied_by).  history_ensure creates it if
	 * missing.  history_write inserts one row with bound values; the
	 * driver fills applied_by (PostgreSQL: current_user; SQLite: the OS
	 * user).  history_read calls host->history_row once for each
	 * revision whose history has an 'upgrade' row, with the checksum of
	 * its latest upgrade; a missing table reads as empty. */
	int (*history_ensure)(struct migrator_conn *c, const char *table,
			      struct migrator_diag *d);
	int (*history_write)(struct migrator_conn *c, const char *table,
			     const char *revision, const char *direction,
			     const char *checksum, const char *started_at,
			     long long duration_ms, struct migrator_diag *d);
	int (*history_read)(struct migrator_conn *c, const char *table,
			    struct migrator_history *out,
			    struct migrator_diag *d);


	/* Asks the database to stop the statement now running on c, if any
	 * (PostgreSQL: PQcancel; SQLite: sqlite3_interrupt); the statement
	 * then fails as usual.  Async-signal-safe: the host calls it from a
	 * signal handler, so it allocates nothing, takes no lock and reports
	 * nothing.  Called only on a connection passed to or returned by
	 * scratch_connect, between that call and close(). */
	void (*cancel)(struct migrator_conn *c);
	/* Drops, through c, the scratch databases that earlier runs left
	 * behind (killed, or a second signal): those the connecting role
	 * owns, that no session is connected to and that were created at
	 * least max_age_s seconds ago.  Pushes two strings per database
	 * dropped: its name, then its creation time as the seconds since the
	 * Epoch in decimal.  A database that cannot be dropped (a session
	 * came) is skipped; the host treats a failure as "nothing dropped".
	 * NULL for drivers whose scratch databases die with the process. */
	int (*scratch_sweep)(struct migrator_conn *c, unsigned long max_age_s,
			     struct migrator_strvec *dropped,
			     struct migrator_diag *d);

	/* Offline SQL (`upgrade --sql`).  Optional; NULL = the
	 * driver cannot render a script, and --sql refuses to run.  Each
	 * pushes through host->strvec_push, one string per statement and
	 * without its ';', the statements by which the online member of the
	 * same name changes the database, built by the same code: values
	 * are quoted as literals of the dialect where the online member
	 * binds them, identifiers as the online member quotes them.  What
	 * the online member only reads (catalog lookups), and its own
	 * locks and savepoints, is left out.  They connect to nothing. */
	int (*sql_begin)(struct migrator_strvec *out, struct migrator_diag *d);
	int (*sql_commit)(struct migrator_strvec *out, struct migrator_diag *d);
	int (*sql_stamp_ensure)(const char *table, struct migrator_strvec *out,
				struct migrator_diag *d);
	int (*sql_stamp_write)(const char *table, const char *const *del,
			       size_t ndel, const char *const *add,
			       size_t nadd, struct migrator_strvec *out,
			       struct migrator_diag *d);
	/* More names a migration file's section may give this driver's
	 * dialect ("-- migrator:upgrade postgres"), NULL-terminated; NULL
	 * for none.  The core keeps no list of dialects: a section is
	 * matched against dialect and these. */
	const char *const *dialect_aliases;

	/* ABI 2.1 (the host reads it only when abi_minor >= 1) */

	/* A statement of a "-- migrator:verify" section (`migrator verify`,
	 * `upgrade --verify`), run as exec() runs one, inside the
	 * revision's transaction.  *ok is 0 when it returned a row whose
	 * first column is NULL, false or a number equal to 0 (only the
	 * first row is looked at); 1 when it returned no row (Sqitch's
	 * "SELECT col FROM t WHERE false", which fails only when the column
	 * is missing), no result set, or any other first value, text
	 * included.  When *ok is 0 it pushes one string to shown: that
	 * value as text, "NULL", "false", "0".  Errors as exec's. */
	int (*verify_exec)(struct migrator_conn *c, const char *sql,
			   size_t len, int *ok, struct migrator_strvec *shown,
			   struct migrator_diag *d);
	/* ABI 2.2 (the host reads it only when abi_minor >= 2) */

	/* `migrator dump`: the schema of the database c is connected to, as
	 * the statements that build it, pushed through host->strvec_push one
	 * string per statement without its ';'.  The text comes from the
	 * database's own catalog (PostgreSQL: the server's pg_get_*def
	 * functions), ordered by dependency, then by name: the same schema
	 * gives the same strings, byte for byte, whatever order it was
	 * built in and whatever the objects' internal ids.  No data, no
	 * owners, no privileges.  version_table and history_table (as the
	 * host names them: TABLE or SCHEMA.TABLE; either may be missing) are
	 * left out with everything that belongs to them; the dump ends with
	 * the statements of sql_stamp_ensure for version_table and of
	 * sql_stamp_write inserting its rows (values as literals), so that a
	 * database built from it is stamped.  Everything is read in one
	 * snapshot; nothing is changed.  Called outside any transaction.
	 * NULL: the driver cannot dump. */
	int (*dump)(struct migrator_conn *c, const char *version_table,
		    const char *history_table, struct migrator_strvec *out,
		    struct migrator_diag *d);
	/* ABI 2.3 (connection poolers and invalid indexes) */

	/* The caps that hold for c once lock() returned, when they differ
	 * from caps: PostgreSQL behind a connection pooler (PgBouncer) drops
	 * MIGRATOR_CAP_RUN_LOCK, because no lock outlives a transaction
	 * there; lock() then holds nothing, begin() takes the lock until the
	 * transaction ends, and the host re-reads the stamp inside each
	 * migration's transaction, as it does for a driver without the cap.
	 * NULL: caps. */
	unsigned (*conn_caps)(struct migrator_conn *c);
	/* Called after lock(), before anything of the run is written, when
	 * the plan has a revision whose statements run outside a transaction
	 * (transactional false): fails, saying why and what to connect to
	 * instead, when c cannot keep other runners out while they run
	 * (behind a transaction pooler).  NULL: always possible. */
	int (*outside_tx_check)(struct migrator_conn *c,
				struct migrator_diag *d);
	/* After a statement outside a transaction failed: pushes, one string
	 * each, the statement that drops every invalid index of the
	 * connection's default schema (a failed CREATE INDEX CONCURRENTLY
	 * leaves one), without its ';' (PostgreSQL: DROP INDEX CONCURRENTLY
	 * "schema"."name").  NULL: the database has no such thing. */
	int (*invalid_indexes)(struct migrator_conn *c,
			       struct migrator_strvec *out,
			       struct migrator_diag *d);

	/* ABI 2.3 (lock timeouts) */

	/* Bounds how long each statement that follows on c may wait for a
	 * lock (lock_timeout_ms) and run (statement_timeout_ms); 0 leaves
	 * that bound as the session has it.  Inside a transaction (after
	 * begin()) for the rest of it (PostgreSQL: SET LOCAL); outside one
	 * for the session, until a call with both 0 puts the session's own
	 * settings back.  A statement that then fails for lack of a lock
	 * returns MIGRATOR_DRIVER_ELOCK, its detail naming, where the driver
	 * could see them while the statement waited, the sessions that held
	 * the lock (PostgreSQL: pg_blocking_pids() and pg_stat_activity,
	 * read on a second connection): process, state and query.  The host
	 * retries a transactional revision that failed with
	 * MIGRATOR_DRIVER_ELOCK only with a driver that has this member.
	 * NULL: the driver cannot bound lock waits per statement (SQLite,
	 * whose one wait is connect()'s busy timeout). */
	int (*set_timeouts)(struct migrator_conn *c, unsigned lock_timeout_ms,
			    unsigned statement_timeout_ms,
			    struct migrator_diag *d);

	/* ABI 2.3 (verify --with-data) (the host reads them only when
	 * abi_minor >= 3) */

	/* `migrator verify --with-data`: makes every user table of the
	 * connection's default schema hold at least `rows` rows, inserting
	 * generated ones, parents before children (foreign keys), in one
	 * transaction of its own (called outside any).  Values come from
	 * the columns' types (PostgreSQL: the catalogs; SQLite: the declared
	 * type's affinity, STRICT tables' types); columns with a default,
	 * identity or generated columns are left to the database; a foreign
	 * key takes an existing parent row's key; unique columns get values
	 * not used yet; NOT NULL and CHECK constraints are met where the
	 * driver can (literals of a CHECK on one column are tried).  A row
	 * the database refuses is tried again, in a savepoint, with other
	 * values (nullable columns NULL, other numbers); after a few tries
	 * the table is left as it is.  Values are bound, or rendered with
	 * the driver's own quoting; identifiers quoted.  seed makes the
	 * values: the same schema, rows and seed insert the same rows.
	 * version_table and history_table (TABLE or SCHEMA.TABLE, as the host
	 * names them; either may be NULL) are left alone.  Pushes through
	 * host->strvec_push three strings per table, in name order: its
	 * name, its row count afterwards (decimal), and "" when it holds a
	 * row, else why none could be made (the database's error, or the
	 * driver's: "no value for column x of type t", "parent table p has no
	 * rows").  Errors are what stops it from working at all (the
	 * connection, memory); a refused row is not one. */
	int (*data_fill)(struct migrator_conn *c, const char *version_table,
			 const char *history_table, uint64_t seed,
			 unsigned rows, struct migrator_strvec *out,
			 struct migrator_diag *d);
	/* The row count of every table data_fill would fill: two strings
	 * per table, in name order, its name and its count (decimal). */
	int (*data_count)(struct migrator_conn *c, const char *version_table,
			  const char *history_table,
			  struct migrator_strvec *out, struct migrator_diag *d);

	/* ABI 2.4 (performance) (the host reads it only when abi_minor >= 4) */

	/* begin() followed by set_timeouts() with these values (not both
	 * 0), in one round trip where the driver can.  On failure no
	 * transaction is left open.  NULL: the host calls the two. */
	int (*begin_timeouts)(struct migrator_conn *c,
			      unsigned lock_timeout_ms,
			      unsigned statement_timeout_ms,
			      struct migrator_diag *d);

	/* ABI 2.4 (import/adopt) (the host reads it only when abi_minor >=
	 * 4) */

	/* `migrator adopt`: reads another migration tool's record, and
	 * nothing else.  table is TABLE or SCHEMA.TABLE (split with
	 * migrator_table_name_split; on SQLite SCHEMA is an attached
	 * database); the driver quotes it and each of columns[0..ncols).
	 * Pushes through host->strvec_push ncols strings per row: each
	 * column's value as the database prints it as text ("" for NULL),
	 * rows ordered by order_by (one of the columns; NULL: any order).
	 * A missing table (or schema) is not an error: *found is 0 and
	 * nothing is pushed.  attach (NULL: none; SQLite only, ignored
	 * elsewhere) is a name: the file in the main database file's
	 * directory called attach plus the main file's extension ("sqitch"
	 * next to app.db: sqitch.db, Sqitch's rule for its registry) is
	 * attached read-only as SCHEMA for this call and detached again; a
	 * missing file is *found 0. */
	int (*foreign_read)(struct migrator_conn *c, const char *table,
			    const char *const *columns, size_t ncols,
			    const char *order_by, const char *attach,
			    int *found, struct migrator_strvec *out,
			    struct migrator_diag *d);

	/* ABI 2.4 (fleets) (the host reads them only when abi_minor >= 4) */

	/* Pushes, one string each in name order, the schemas of c's
	 * database whose names match pattern, a shell glob ('*' any run of
	 * characters, '?' one, '\' takes the next one as it is), matched
	 * by the database with the pattern bound as a value; system schemas
	 * are left out.  NULL: the database has no schemas (SQLite). */
	int (*schemas_list)(struct migrator_conn *c, const char *pattern,
			    struct migrator_strvec *out,
			    struct migrator_diag *d);
	/* Makes schema the one c works in for the rest of the session:
	 * unqualified names of the migrations resolve to it, introspect and
	 * data_fill read it (PostgreSQL: search_path is the schema alone,
	 * bound as a value).  Called right after connect(). */
	int (*schema_use)(struct migrator_conn *c, const char *schema,
			  struct migrator_diag *d);

	/* ABI 2.4 (diff) (the host reads it only when abi_minor >= 4) */

	/* `migrator diff`: pushes through host->strvec_push, one string per
	 * statement without its ';', the statements that make change ch on
	 * a database whose schema is "from", inside the revision's
	 * transaction (begin() has run: SQLite's foreign keys are off).
	 * to is a connection to a database that has the "to" schema: the
	 * driver reads there what it needs (a table's or index's own text,
	 * a column's type).  Identifiers are quoted by the driver; no value
	 * of the user's is pasted.  NULL: the driver cannot diff. */
	int (*diff_render)(struct migrator_conn *to,
			   const struct migrator_diff_change *ch,
			   struct migrator_strvec *out,
			   struct migrator_diag *d);

	/* ABI 2.5 (pipelined statements) (the host reads it only when
	 * abi_minor >= 5) */

	/* Inside a revision's transaction: the n statements sql[i] (len[i]
	 * bytes each, not NUL-terminated), in order, as n calls of exec()
	 * would run them, stopping at the first that fails; the driver may
	 * send them in one round trip (with what begin_timeouts left to
	 * send).  On failure *failed is the index of the statement whose
	 * error d holds (of the first when what went before them failed),
	 * and nothing after it ran.  NULL: the host calls exec(). */
	int (*exec_list)(struct migrator_conn *c, const char *const *sql,
			 const size_t *len, size_t n, size_t *failed,
			 struct migrator_diag *d);

	/* ABI 2.6 (one round trip per revision) (the host reads it only
	 * when abi_minor >= 6) */

	/* Inside a revision's transaction: the n statements of exec_list,
	 * kept by the driver to be sent with what the host calls next, and
	 * nothing else: history_write (at most once, with duration_ms -1:
	 * the driver measures it on the server, from the transaction's
	 * start), stamp_write (one row replaced by one) and commit, or
	 * rollback.  Returns 1, having kept nothing, when it will not (the
	 * host then runs them with exec_list or exec), 0 when it kept them.
	 * When a later history_write, stamp_write or commit then fails,
	 * *failed (the host's, valid until that commit or rollback returns)
	 * is the index of the statement whose error d holds, or n when none
	 * of them failed; nothing after a failed statement ran and nothing
	 * was committed.  NULL: the host calls exec_list. */
	int (*exec_defer)(struct migrator_conn *c, const char *const *sql,
			  const size_t *len, size_t n, size_t *failed,
			  struct migrator_diag *d);
};

/*
 * The driver's descriptor (kind MIGRATOR_MODULE_DRIVER).  create() returns
 * the driver (a static object) or NULL after host->diag_set() when it
 * refuses to load; destroy() (may be NULL) is called once before the
 * plugin is unloaded when create() returned a driver, also when the host
 * then refuses that driver.
 */
struct migrator_driver_module {
	struct migrator_module head;
	const struct migrator_driver *(*create)(
		const struct migrator_host *host, struct migrator_diag *d);
	void (*destroy)(const struct migrator_driver *drv);
};

/* Defines the descriptor, at file scope, once per driver:
 * MIGRATOR_DRIVER_MODULE("sqlite", sq_create, NULL); */
#define MIGRATOR_DRIVER_MODULE(name, create, destroy) \
	extern MIGRATOR_MODULE_EXPORT const struct migrator_driver_module \
		migrator_module; \
	MIGRATOR_MODULE_EXPORT const struct migrator_driver_module \
		migrator_module = { \
		{MIGRATOR_MODULE_MAGIC, MIGRATOR_MODULE_DRIVER, \
		 MIGRATOR_DRIVER_ABI_MAJOR, MIGRATOR_DRIVER_ABI_MINOR, 0, \
		 sizeof(struct migrator_driver_module), (name)}, \
		(create), (destroy)}

#ifdef __cplusplus
}
#endif
#endif
