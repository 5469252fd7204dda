/*
 * sqlite_driver.h - what the SQLite driver's files share (not installed).
 *
 * The plugin exports only its descriptor, migrator_module.  The functions below cross
 * file boundaries inside the plugin, so they cannot be static; they are
 * marked hidden so that even without libtool's -export-symbols-regex they
 * never reach the dynamic symbol table.
 */
#ifndef SQ_DRIVER_H
#define SQ_DRIVER_H

#include <stdio.h>

#include <sqlite3.h>

#include <migrator/driver.h>

#define SQ_HIDDEN __attribute__((visibility("hidden")))

/* sqlite_writes.c: the tables of "main" written since the last foreign key
 * check, and the foreign keys of "main" (child -> parent), kept between
 * checks. */
#define SQ_WRITE_DDL 1u   /* created or dropped */
struct sq_written {
	char *table;
	unsigned ddl; /* SQ_WRITE_* */
};
struct sq_edge {
	char *child, *parent;
};
struct sq_writes {
	struct sq_written *v;
	size_t n, cap;
	int all;          /* check the whole database next time */
	int attached;     /* ATTACH was seen: always whole */
	int have_version; /* version: main's data version at our last commit */
	unsigned version;
	struct sq_edge *e; /* valid if have_edges */
	size_t ne, cape;
	int have_edges;
};

struct migrator_conn {
	sqlite3 *db;
	char *path;         /* the file's name; NULL for an in-memory database */
	unsigned timeout_ms; /* busy timeout, also named in lock messages */
	int in_txn;         /* begin() succeeded; commit/rollback not yet */
	int fk_restore;     /* begin() turned foreign_keys off: turn it on again */
	FILE *trace;        /* MIGRATOR_SQLITE_TRACE's file, or NULL */
	struct sq_writes writes; /* for the foreign key check */
	char *stamp_known; /* the version table the last stamp read found */
	char *os_user;     /* sqlite_history.c: applied_by, asked once */
};

/* sqlite_writes.c: the authorizer that fills c->writes (start, at
 * connect), what begin and a successful commit tell it, and freeing. */
SQ_HIDDEN int sq_writes_start(struct migrator_conn *c,
			      struct migrator_diag *d);
SQ_HIDDEN void sq_writes_begin(struct migrator_conn *c);
SQ_HIDDEN void sq_writes_committed(struct migrator_conn *c);
SQ_HIDDEN void sq_writes_reset(struct sq_writes *w);
SQ_HIDDEN void sq_edges_clear(struct sq_writes *w);
SQ_HIDDEN void sq_writes_free(struct sq_writes *w);

/* The host's callbacks (sqlite_error.c), kept by sq_create (sqlite_driver.c). */
SQ_HIDDEN extern const struct migrator_host *sq_host;

/* sqlite_error.c: reports SQLite's own message for rc (from
 * sqlite3_errmsg) and returns the matching code: ELOCK for SQLITE_BUSY,
 * ENOMEM, else EDB. */
SQ_HIDDEN int sq_db_error(struct migrator_conn *c, int rc,
			  struct migrator_diag *d);
SQ_HIDDEN int sq_nomem(struct migrator_diag *d);

/* sqlite_exec.c: the driver's exec member (all of the text, statement
 * after statement; rows dropped), and fixed SQL text that returns no rows
 * we need. */
SQ_HIDDEN int sq_exec(struct migrator_conn *c, const char *sql, size_t len,
		      struct migrator_diag *d);
SQ_HIDDEN int sq_exec_simple(struct migrator_conn *c, const char *sql,
			     struct migrator_diag *d);
/* Runs all of the text as sq_exec does (without its read-only check),
 * calling on_row (may be NULL) with the first row of each statement that
 * returns rows; a non-zero return of on_row stops the run and is
 * returned. */
typedef int (*sq_first_row_fn)(sqlite3_stmt *st, void *arg,
			       struct migrator_diag *d);
SQ_HIDDEN int sq_exec_rows(struct migrator_conn *c, const char *sql,
			   size_t len, sq_first_row_fn on_row, void *arg,
			   struct migrator_diag *d);

/* sqlite_trace.c: with MIGRATOR_SQLITE_TRACE=FILE set, logs each
 * statement c runs to FILE; stop closes the file. */
SQ_HIDDEN int sq_trace_start(struct migrator_conn *c, struct migrator_diag *d);
SQ_HIDDEN void sq_trace_stop(struct migrator_conn *c);

/* sqlite_url.c: the URL's file name, malloc'd, in *path_out; NULL there
 * for an in-memory database.  Errors are MIGRATOR_DRIVER_ECONFIG. */
SQ_HIDDEN int sq_url_parse(char **path_out, const char *url,
			   struct migrator_diag *d);

/* sqlite_txn.c: the driver's begin/commit/rollback members. */
SQ_HIDDEN int sq_begin(struct migrator_conn *c, struct migrator_diag *d);
SQ_HIDDEN int sq_commit(struct migrator_conn *c, struct migrator_diag *d);
SQ_HIDDEN int sq_rollback(struct migrator_conn *c, struct migrator_diag *d);

/* sqlite_fkcheck.c: PRAGMA foreign_key_check over the tables written since
 * the last check and those that reference them (c->writes), or over every
 * attached schema where that cannot be told; any violation is
 * MIGRATOR_DRIVER_EDB naming the table and its parent. */
SQ_HIDDEN int sq_fk_check(struct migrator_conn *c, struct migrator_diag *d);

/* sqlite_fkedges.c: c->writes' foreign keys brought up to date inside the
 * transaction; the tables to check (names borrowed from c->writes). */
struct sq_list {
	const char **v;
	size_t n, cap;
};
SQ_HIDDEN int sq_edges_update(struct migrator_conn *c,
			      struct migrator_diag *d);
SQ_HIDDEN int sq_edges_to_check(const struct sq_writes *w,
				struct sq_list *out, struct migrator_diag *d);

/* sqlite_sql.c: statement text (driver ABI 1.3), one place for the
 * online and the offline path. */
#define SQ_SQL_BEGIN "BEGIN IMMEDIATE"
#define SQ_SQL_COMMIT "COMMIT"

/* A table name split by migrator_table_name_split (each sqlite3_malloc'd). */
struct sq_name {
	char *schema; /* "main" when none was given */
	char *table;  /* unquoted */
	char *quoted; /* "schema"."table", ready for SQL */
};
/* what names the table in messages ("version"). */
SQ_HIDDEN int sq_name_parse(struct sq_name *n, const char *name,
			    const char *what, struct migrator_diag *d);
SQ_HIDDEN void sq_name_free(struct sq_name *n);

/* One statement as built: its text refers to values as ?1, ?2 online;
 * offline they are literals in the text and nparams is 0. */
struct sq_stmt {
	const char *sql;
	int nparams;
	const char *values[2];
	const char *row; /* UPDATE, DELETE: the row that must be there */
};
typedef int (*sq_emit_fn)(void *arg, const struct sq_stmt *st,
			  struct migrator_diag *d);
/* Calls emit for each statement that creates the stamp table, or moves the
 * stamp from del to add; literal: values as literals (offline). */
SQ_HIDDEN int sq_sql_stamp_ensure(const struct sq_name *n, sq_emit_fn emit,
				  void *arg, struct migrator_diag *d);
SQ_HIDDEN int sq_sql_stamp_write(const struct sq_name *n,
				 const char *const *del, size_t ndel,
				 const char *const *add, size_t nadd,
				 int literal, sq_emit_fn emit, void *arg,
				 struct migrator_diag *d);
/* The driver's sql_* members. */
SQ_HIDDEN int sq_sql_begin(struct migrator_strvec *out,
			   struct migrator_diag *d);
SQ_HIDDEN int sq_sql_commit(struct migrator_strvec *out,
			    struct migrator_diag *d);
SQ_HIDDEN int sq_sql_ensure(const char *table, struct migrator_strvec *out,
			    struct migrator_diag *d);
SQ_HIDDEN int sq_sql_write(const char *table, const char *const *del,
			   size_t ndel, const char *const *add, size_t nadd,
			   struct migrator_strvec *out,
			   struct migrator_diag *d);

/* sqlite_stamp.c: the driver's stamp_* members. */
SQ_HIDDEN int sq_stamp_ensure(struct migrator_conn *c, const char *table,
			      struct migrator_diag *d);
SQ_HIDDEN int sq_stamp_read(struct migrator_conn *c, const char *table,
			    struct migrator_strvec *out,
			    struct migrator_diag *d);
/* Calls fn with each stamp row, sorted; a missing table has none.  fn
 * returns 0 or a negative code (after filling d), which stops the read. */
typedef int (*sq_row_fn)(void *arg, const char *v, struct migrator_diag *d);
SQ_HIDDEN int sq_stamp_rows(struct migrator_conn *c, const char *table,
			    sq_row_fn fn, void *arg, struct migrator_diag *d);
SQ_HIDDEN int sq_stamp_write(struct migrator_conn *c, const char *table,
			     const char *const *del, size_t ndel,
			     const char *const *add, size_t nadd,
			     struct migrator_diag *d);

/* sqlite_introspect.c: the schema of "main" (ABI 1.1). */
SQ_HIDDEN int sq_introspect(struct migrator_conn *c,
			    struct migrator_schema *out,
			    struct migrator_diag *d);

/* sqlite_dump.c: the schema as the statements that build it (ABI 2.1). */
SQ_HIDDEN int sq_dump(struct migrator_conn *c, const char *version_table,
		      const char *history_table, struct migrator_strvec *out,
		      struct migrator_diag *d);

/* sqlite_history.c: the run history table (ABI 1.1). */
SQ_HIDDEN int sq_history_ensure(struct migrator_conn *c, const char *table,
				struct migrator_diag *d);
SQ_HIDDEN int sq_history_write(struct migrator_conn *c, const char *table,
			       const char *revision, const char *direction,
			       const char *checksum, const char *started_at,
			       long long duration_ms, struct migrator_diag *d);
SQ_HIDDEN int sq_history_read(struct migrator_conn *c, const char *table,
			      struct migrator_history *out,
			      struct migrator_diag *d);

/* sqlite_verify.c: a verify section's statement (ABI 2.1). */
SQ_HIDDEN int sq_verify_exec(struct migrator_conn *c, const char *sql,
			     size_t len, int *ok,
			     struct migrator_strvec *shown,
			     struct migrator_diag *d);

/* sqlite_foreign.c: the foreign_read member (driver ABI 2.4, adopt). */
SQ_HIDDEN int sq_foreign_read(struct migrator_conn *c, const char *table,
			      const char *const *columns, size_t ncols,
			      const char *order_by, const char *attach_name,
			      int *found, struct migrator_strvec *out,
			      struct migrator_diag *d);

/* sqlite_diff.c: `migrator diff` (ABI 2.4) */
SQ_HIDDEN int sq_diff_render(struct migrator_conn *to,
			     const struct migrator_diff_change *ch,
			     struct migrator_strvec *out,
			     struct migrator_diag *d);

#endif
