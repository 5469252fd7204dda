/*
 * pg_internal.h - shared between the files of the PostgreSQL driver.
 *
 * Nothing declared here leaves the module: local.mk links it with
 * -export-symbols-regex '^migrator_module$', so the pg_* functions are
 * visible to the driver's own files only.
 */
#ifndef PG_INTERNAL_H
#define PG_INTERNAL_H

#include <stdarg.h>

#include <libpq-fe.h>
#include <migrator/driver.h>

#define PG_PIPE_MAX 6    /* statements kept: BEGIN, its timeouts, a history
			  * row, a stamp update */
#define PG_PIPE_PARAMS 5 /* the history row's */

struct migrator_conn {
	PGconn *pg;
	void (*notice)(void *payload, const char *text);
	void *payload;
	/* a scratch database (pg_scratch.c): dropped through scratch_of, or
	 * a new connection to scratch_url if that one is lost, when this
	 * connection closes; all NULL otherwise */
	struct migrator_conn *scratch_of;
	char *scratch_db;
	char *scratch_url;
	/* connect_timeout for those new connections ("" for libpq's own:
	 * PGCONNECT_TIMEOUT), as pg_connect_timeout() chose it */
	char scratch_timeout[24];
	/* for cancel() from a signal handler: made before it may be needed
	 * (a scratch connection and its parent); NULL otherwise */
	PGcancel *volatile cancel;
	/* pg_stamp.c, pg_history.c: the version table and history table the
	 * last reads found, so that the ensure right after a read need not
	 * ask or create again; malloc'd, NULL when not known */
	char *stamp_seen;
	char *history_seen;
	/* pg_lock.c (ABI 2.3): behind a connection pooler (the server
	 * process that answers is not the one libpq was told it opened),
	 * lock() holds nothing and sets xlock; begin() then takes xlock's
	 * key until the transaction ends, waiting at most xlock_ms */
	int pooled;
	int xlock;
	unsigned xlock_ms;
	struct pg_lock_key {
		char classid[16];
		char objid[16];
	} xlock_key;
	/* pg_lockwait.c: lock timeouts (ABI 2.3) */
	char *url;             /* as connect() had it, for the watch */
	unsigned watch_ms;     /* the lock timeout set_timeouts set; 0: none */
	int watch_local;       /* set in a transaction: ends with it */
	unsigned session_set;  /* PG_SET_*: what is set for the session */
	char backend_pid[16];  /* this session's server process */
	PGconn *watch;         /* the second connection, opened on need */
	int watch_failed;      /* it could not be opened: not again */
	char *blockers;        /* who blocked the statement, as the last
				* look saw it; NULL: nobody seen */
	/* pg_pipe.c: statements kept for commit()'s round trip */
	struct pg_piped {
		char *sql;
		int nparams;
		char *values[PG_PIPE_PARAMS];
		char *table, *row; /* a stamp update: its table and row */
		int kind;          /* PG_PIPED_* */
		unsigned lock_ms, stmt_ms; /* PG_PIPED_TIMEOUTS: set */
	} pipe[PG_PIPE_MAX];
	int npipe;
	/* exec_defer (ABI 2.6): a revision's statements, kept to be sent
	 * after pipe[0..defer_at) (its BEGIN and timeouts) and before what
	 * is kept after them (history row, stamp update) and the COMMIT;
	 * *defer_failed (the host's) gets the index of one that fails */
	struct pg_piped *deferred;
	int ndeferred, defer_at;
	size_t *defer_failed;
};

/* The host's callbacks (pg_error.c), set once by the driver's create(). */
extern const struct migrator_host *pg_host;

/* pg_error.c: fill d from a failed result (res may be NULL) or from the
 * connection's error message; both return MIGRATOR_DRIVER_EDB. */
int pg_report(struct migrator_conn *c, const PGresult *res,
	      struct migrator_diag *d);
int pg_report_text(struct migrator_diag *d, const char *prefix,
		   const char *text);
int pg_nomem(struct migrator_diag *d);

/* pg_timeout.c: the connect_timeout keyword's value, in buf (returns 1),
 * or 0 when libpq should be left to PGCONNECT_TIMEOUT; and, after a failed
 * connect, the message for an expired timeout naming host and port
 * (returns MIGRATOR_DRIVER_EDB), or 0 if it was another failure. */
int pg_connect_timeout(const struct migrator_connect_params *params,
		       char *buf, size_t n);
int pg_connect_timed_out(PGconn *pg, struct migrator_diag *d);

/* pg_exec.c: the driver's exec member (one statement, no rows kept). */
int pg_exec(struct migrator_conn *c, const char *sql, size_t len,
	    struct migrator_diag *d);
/* The same, keeping the statement's result in *keep (may be NULL: no
 * result, e.g. an empty statement) for the caller to PQclear. */
int pg_exec_keep(struct migrator_conn *c, const char *sql, size_t len,
		 PGresult **keep, struct migrator_diag *d);
/* Runs one statement with bound text parameters.  Returns the result
 * (PGRES_COMMAND_OK or PGRES_TUPLES_OK) for the caller to PQclear, or NULL
 * after filling d. */
PGresult *pg_query(struct migrator_conn *c, const char *sql, int nparams,
		   const char *const *values, struct migrator_diag *d);
/* Runs a statement that returns no rows (no parameters). */
int pg_command(struct migrator_conn *c, const char *sql,
	       struct migrator_diag *d);
/* pg_pipe.c: keeping a statement for commit() (pg_pipe_can: pipeline
 * mode there is, inside a transaction, with room); sending what is kept
 * before any other statement (flush), or with COMMIT (commit: *tag is
 * COMMIT's result on success, for the caller to PQclear); dropping it
 * (rollback, close).  row: the stamp row a kept UPDATE must find. */
#define PG_PIPED_PLAIN 0
#define PG_PIPED_BEGIN 1    /* BEGIN: kept, the transaction is open */
#define PG_PIPED_TIMEOUTS 2 /* begin_timeouts' set_config(): arms */
int pg_pipe_can(struct migrator_conn *c);
/* 1 if pipeline mode is there and not turned off (in or out of a
 * transaction) */
int pg_pipe_on(void);
/* The transaction status, counting a kept BEGIN as open. */
static inline PGTransactionStatusType pg_tx_status(struct migrator_conn *c)
{
	if (c->npipe && c->pipe[0].kind == PG_PIPED_BEGIN)
		return PQTRANS_INTRANS;
	return PQtransactionStatus(c->pg);
}
/* begin_timeouts' two statements, kept for the next round trip. */
int pg_pipe_keep_begin(struct migrator_conn *c, const char *timeouts_sql,
		       unsigned lock_ms, unsigned stmt_ms,
		       struct migrator_diag *d);
/* A migration's statement sent with what is kept, in one round trip
 * (returns 1 when it cannot be: COPY, or nothing kept; the caller then
 * runs it as usual). */
int pg_pipe_exec(struct migrator_conn *c, const char *sql,
		 struct migrator_diag *d);
/* n statements (NUL-terminated) sent with what is kept, one Sync, the
 * lock watch looking: *failed, the index of the one that failed (0 when
 * a kept one did); pg_pipe_is_copy: 1 if sql is a COPY (libpq refuses it
 * in a pipeline). */
int pg_pipe_list(struct migrator_conn *c, const char *const *sql, int n,
		 int *failed, struct migrator_diag *d);
int pg_pipe_is_copy(const char *sql);
/* 1 if sql's first word ends or starts a transaction (BEGIN, START,
 * COMMIT, END, ROLLBACK, ABORT, PREPARE): the history row, stamp update
 * and COMMIT kept behind such a statement would run outside the
 * revision's transaction, so exec_defer keeps none. */
int pg_pipe_is_tx_control(const char *sql);
/* pg_list.c: the exec_list member (ABI 2.5): at most PG_LIST_MAX
 * statements go in one pipeline (more: one exec() each). */
#define PG_LIST_MAX 100000
int pg_exec_list(struct migrator_conn *c, const char *const *sql,
		 const size_t *len, size_t n, size_t *failed,
		 struct migrator_diag *d);
/* pg_list.c: the exec_defer member (ABI 2.6); pg_pipe_defer keeps the n
 * statements (NUL-terminated, none a COPY) for commit()'s round trip, and
 * takes them (0), or returns 1 when it cannot keep them. */
int pg_exec_defer(struct migrator_conn *c, const char *const *sql,
		  const size_t *len, size_t n, size_t *failed,
		  struct migrator_diag *d);
int pg_pipe_defer(struct migrator_conn *c, char **sql, int n, size_t *failed);
int pg_pipe_keep(struct migrator_conn *c, const char *sql, int nparams,
		 const char *const *values, const char *table,
		 const char *row, struct migrator_diag *d);
int pg_pipe_flush(struct migrator_conn *c, struct migrator_diag *d);
int pg_pipe_commit(struct migrator_conn *c, PGresult **tag,
		   struct migrator_diag *d);
void pg_pipe_drop(struct migrator_conn *c);

/* The driver's begin/commit/rollback members. */
int pg_begin(struct migrator_conn *c, struct migrator_diag *d);
int pg_commit(struct migrator_conn *c, struct migrator_diag *d);
int pg_rollback(struct migrator_conn *c, struct migrator_diag *d);

/* pg_lockwait.c: the driver's set_timeouts member (ABI 2.3); waiting for
 * a statement sent on c, watching from a second connection which
 * sessions block it while a lock timeout is set (the result is then
 * ready for PQgetResult); the end of a transaction (its settings end);
 * and freeing what the watch holds, at close. */
#define PG_SET_LOCK 0x1u
#define PG_SET_STATEMENT 0x2u
int pg_set_timeouts(struct migrator_conn *c, unsigned lock_timeout_ms,
		    unsigned statement_timeout_ms, struct migrator_diag *d);
/* pg_lockwait.c: what a query that set the timeouts leaves (its third
 * column is the server process): the lock watch armed */
void pg_timeouts_armed(struct migrator_conn *c, PGresult *res,
		       unsigned lock_ms, unsigned stmt_ms, int in_tx);
/* pg_timeout.c: the begin_timeouts member (ABI 2.4) */
int pg_begin_timeouts(struct migrator_conn *c, unsigned lock_timeout_ms,
		      unsigned statement_timeout_ms, struct migrator_diag *d);
void pg_watch_wait(struct migrator_conn *c);
void pg_watch_txn_end(struct migrator_conn *c);
void pg_watch_free(struct migrator_conn *c);

/* pg_lock.c */
int pg_lock(struct migrator_conn *c, const char *table, unsigned timeout_ms,
	    struct migrator_diag *d);
int pg_unlock(struct migrator_conn *c, const char *table,
	      struct migrator_diag *d);
/* The driver's begin member: pg_begin, and behind a pooler the run lock
 * until the transaction ends (polling, a new transaction per attempt; on
 * failure the transaction is rolled back). */
int pg_lock_begin(struct migrator_conn *c, struct migrator_diag *d);

/* pg_pooler.c: the conn_caps and outside_tx_check members (ABI 2.3). */
#define PG_CAPS \
	(MIGRATOR_CAP_TRANSACTIONAL_DDL | MIGRATOR_CAP_RUN_LOCK | \
	 MIGRATOR_CAP_NO_CREATE)
unsigned pg_conn_caps(struct migrator_conn *c);
int pg_outside_tx_check(struct migrator_conn *c, struct migrator_diag *d);

/* pg_invalid.c: the invalid_indexes member (ABI 2.3).
 * PG_INVALID_INDEX is the condition on pg_index ix (of current_schema())
 * that both it and check (pg_introspect.c) use: invalid, and not being
 * built right now, since a CREATE INDEX CONCURRENTLY still running in
 * another session is invalid until it ends (pg_stat_progress_create_index,
 * PostgreSQL 12 and later; NOT EXISTS, as a role that may not see another
 * role's progress reads NULL there). */
#define PG_INVALID_INDEX \
	"(NOT ix.indisvalid AND NOT EXISTS (SELECT 1 FROM " \
	"pg_stat_progress_create_index p WHERE p.index_relid = " \
	"ix.indexrelid AND p.datname = current_database()))"
int pg_invalid_indexes(struct migrator_conn *c, struct migrator_strvec *out,
		       struct migrator_diag *d);

/* pg_sql.c: statement text (driver ABI 1.3), one place for the online
 * and the offline path. */
#define PG_SQL_BEGIN "BEGIN"
#define PG_SQL_COMMIT "COMMIT"
char *pg_vformat(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
char *pg_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* s[0..n) as a quoted identifier; a string as a literal; malloc'd, NULL
 * when out of memory. */
char *pg_quote_ident(const char *s, size_t n);
char *pg_quote_literal(const char *s);

/* A table's quoted names (each malloc'd). */
struct pg_names {
	char *schema;     /* quoted schema, or NULL without one */
	char *schema_raw; /* the schema as given, for catalog lookups */
	char *qualified;  /* "schema"."table" or "table" */
	char *pkc;        /* "table_pkc" */
};
/* Splits table (migrator_table_name_split) and quotes its parts; what
 * names it in messages ("version"), reserve is how many bytes below
 * PostgreSQL's name limit the table's name must stay. */
int pg_names_make(struct pg_names *n, const char *table, const char *what,
		  size_t reserve, struct migrator_diag *d);
void pg_names_free(struct pg_names *n);

/* One statement as built: its text refers to values as $1, $2 online;
 * offline they are literals in the text and nparams is 0. */
enum pg_stmt_kind {
	PG_STMT_CREATE_SCHEMA,
	PG_STMT_CREATE_TABLE,
	PG_STMT_UPDATE,
	PG_STMT_DELETE,
	PG_STMT_INSERT
};
struct pg_stmt {
	enum pg_stmt_kind kind;
	const char *sql;
	int nparams;
	const char *values[2];
	const char *row; /* UPDATE, DELETE: the row that must be there */
};
typedef int (*pg_emit_fn)(void *arg, const struct pg_stmt *st,
			  struct migrator_diag *d);
/* Calls emit for each statement that creates the stamp table, or moves the
 * stamp from del to add; literal: values as literals (offline). */
int pg_sql_stamp_ensure(const struct pg_names *n, int literal,
			pg_emit_fn emit, void *arg, struct migrator_diag *d);
int pg_sql_stamp_write(const struct pg_names *n, const char *const *del,
		       size_t ndel, const char *const *add, size_t nadd,
		       int literal, pg_emit_fn emit, void *arg,
		       struct migrator_diag *d);
/* The driver's sql_* members. */
int pg_sql_begin(struct migrator_strvec *out, struct migrator_diag *d);
int pg_sql_commit(struct migrator_strvec *out, struct migrator_diag *d);
int pg_sql_ensure(const char *table, struct migrator_strvec *out,
		  struct migrator_diag *d);
int pg_sql_write(const char *table, const char *const *del, size_t ndel,
		 const char *const *add, size_t nadd,
		 struct migrator_strvec *out, struct migrator_diag *d);

/* pg_stamp.c */
int pg_stamp_ensure(struct migrator_conn *c, const char *table,
		    struct migrator_diag *d);
int pg_stamp_read(struct migrator_conn *c, const char *table,
		  struct migrator_strvec *out, struct migrator_diag *d);
/* The stamp rows of table, sorted, as a result of one column for the
 * caller to PQclear; *res NULL when the table does not exist. */
int pg_stamp_rows(struct migrator_conn *c, const char *table, PGresult **res,
		  struct migrator_diag *d);
int pg_stamp_write(struct migrator_conn *c, const char *table,
		   const char *const *del, size_t ndel,
		   const char *const *add, size_t nadd,
		   struct migrator_diag *d);

/* pg_introspect.c: check support (ABI 1.1). */
int pg_introspect(struct migrator_conn *c, struct migrator_schema *out,
		  struct migrator_diag *d);
/* pg_introspect_objects.c: views, triggers, sequences, functions and
 * types through host->schema_object (host ABI 2.3; nothing with an older
 * host). */
int pg_introspect_objects(struct migrator_conn *c,
			  struct migrator_schema *out, struct migrator_diag *d);

/* pg_scratch.c: scratch databases (ABI 1.1, 1.2). */
int pg_scratch_connect(struct migrator_conn **out, struct migrator_conn *c,
		       const struct migrator_connect_params *params,
		       struct migrator_diag *d);
/* Drops a scratch connection's database (after its PGconn is finished). */
void pg_scratch_drop(struct migrator_conn *sc);
void pg_cancel(struct migrator_conn *c);
int pg_scratch_sweep(struct migrator_conn *c, unsigned long max_age_s,
		     struct migrator_strvec *dropped, struct migrator_diag *d);

/* pg_dump.c: the schema as the statements that build it (ABI 2.1). */
int pg_dump(struct migrator_conn *c, const char *version_table,
	    const char *history_table, struct migrator_strvec *out,
	    struct migrator_diag *d);

/* pg_dump_sort.c: the order of a dump's objects.  Node i has a rank and
 * a name; an edge (a, b) says a comes before b.  order receives every
 * node once: among the nodes whose predecessors are all placed, the one
 * of the lowest (rank, name) first, names compared byte by byte; a
 * cycle is broken at its lowest node.  0 or MIGRATOR_DRIVER_ENOMEM. */
struct pg_sort_node {
	int rank;
	const char *name;
};
int pg_dump_sort(const struct pg_sort_node *nodes, size_t n,
		 const size_t (*edges)[2], size_t nedges, size_t *order);

/* pg_history.c: the run history table (ABI 1.1). */
int pg_history_ensure(struct migrator_conn *c, const char *table,
		      struct migrator_diag *d);
int pg_history_write(struct migrator_conn *c, const char *table,
		     const char *revision, const char *direction,
		     const char *checksum, const char *started_at,
		     long long duration_ms, struct migrator_diag *d);
int pg_history_read(struct migrator_conn *c, const char *table,
		    struct migrator_history *out, struct migrator_diag *d);

/* pg_verify.c: a verify section's statement (ABI 2.1). */
int pg_verify_exec(struct migrator_conn *c, const char *sql, size_t len,
		   int *ok, struct migrator_strvec *shown,
		   struct migrator_diag *d);

/* pg_foreign.c: the foreign_read member (driver ABI 2.4, adopt). */
int pg_foreign_read(struct migrator_conn *c, const char *table,
		    const char *const *columns, size_t ncols,
		    const char *order_by, const char *attach, int *found,
		    struct migrator_strvec *out, struct migrator_diag *d);

/* pg_schemas.c: tenant schemas (driver ABI 2.4, fleets). */
int pg_schemas_list(struct migrator_conn *c, const char *pattern,
		    struct migrator_strvec *out, struct migrator_diag *d);
int pg_schema_use(struct migrator_conn *c, const char *schema,
		  struct migrator_diag *d);

/* pg_diff.c: `migrator diff` (ABI 2.4) */
int pg_diff_render(struct migrator_conn *to,
		   const struct migrator_diff_change *ch,
		   struct migrator_strvec *out, struct migrator_diag *d);

#endif
