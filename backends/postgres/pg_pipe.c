/*
 * pg_pipe.c - a migration's run-history row, its stamp update and its
 * COMMIT in one round trip, and its BEGIN with its first statement
 * (issue 19).
 *
 * Inside a transaction, history_write and the common stamp_write (one
 * revision replaced by the next) are not sent at once: they are kept here,
 * and commit() sends them and the COMMIT together in libpq's pipeline
 * mode, followed by one Sync.  Each used to cost a round trip of its own.
 *
 * The stamp update checks on the server that the stamp was still where
 * this run left it: it divides by the number of rows it changed, so a
 * stamp another runner moved fails it with division_by_zero (22012), the
 * server aborts the transaction, and the COMMIT queued behind it is never
 * run (the pipeline is aborted up to the Sync).  That error is reported as
 * "the stamp changed underneath", as when the row count was read here.
 *
 * Any other statement sent while something is kept sends what is kept
 * first (pg_pipe_flush, from pg_exec.c), so the server sees the
 * statements in the order the host made them; a rollback drops them.
 *
 * BEGIN and the set_config() of the lock and statement timeouts
 * (begin_timeouts) are kept too, and so are a migration's statements when
 * the host hands them to exec_defer (ABI 2.6, pg_list.c): they go after
 * the BEGIN and timeouts and before the history row and stamp update, and
 * a transactional migration costs one round trip in all.  Where the host
 * runs them at once instead (exec_list, ABI 2.5; a single statement:
 * pg_pipe_exec), they go with BEGIN and its timeouts, and the history row,
 * stamp update and COMMIT take a second; an empty one costs one.  The answers
 * are read in order: a failing statement is the one exec() reports (the
 * host names its FILE:LINE), and the server runs nothing after it up to
 * the Sync.  The server sends a pipeline's answers at its Sync, so the
 * lock watch (pg_lockwait.c), armed when BEGIN is kept, waits for the
 * answers while a statement may wait for a lock.  COPY, which libpq
 * refuses in pipeline mode, goes as before.  Behind a connection pooler
 * BEGIN goes alone (begin() takes the run lock in it); the statements
 * after it still go in one pipeline, which the pooler keeps on the one
 * server connection of the transaction (tests/e2e/pgbouncer.bats).
 *
 * The pipeline functions are libpq 14's.  They are looked up in the libpq
 * this module was loaded with (dlsym), so an older libpq still loads the
 * module and gets the statements one round trip each, as does
 * MIGRATOR_PG_NO_PIPELINE=1 (the tests run both ways).
 */
#include "config.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "pg_internal.h"

#ifdef LIBPQ_HAS_PIPELINING
static int (*enter_fn)(PGconn *);
static int (*exit_fn)(PGconn *);
static int (*sync_fn)(PGconn *);

/* 1 if this libpq has pipeline mode (looked up once). */
static int available(void)
{
	static int state = -1;
	Dl_info info;
	void *h;

	if (state >= 0)
		return state;
	state = 0;
	if (!dladdr((void *)PQsendQueryParams, &info) || !info.dli_fname)
		return 0;
	h = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
	if (!h)
		return 0;
	*(void **)&enter_fn = dlsym(h, "PQenterPipelineMode");
	*(void **)&exit_fn = dlsym(h, "PQexitPipelineMode");
	*(void **)&sync_fn = dlsym(h, "PQpipelineSync");
	dlclose(h); /* libpq stays: this module needs it */
	state = enter_fn && exit_fn && sync_fn;
	return state;
}
#else
static int available(void)
{
	return 0;
}
#endif

int pg_pipe_on(void)
{
	const char *off = getenv("MIGRATOR_PG_NO_PIPELINE");

	return available() && !(off && *off && strcmp(off, "0") != 0);
}

int pg_pipe_can(struct migrator_conn *c)
{
	return pg_pipe_on() && c->npipe < PG_PIPE_MAX &&
	       pg_tx_status(c) == PQTRANS_INTRANS;
}

static void item_free(struct pg_piped *p)
{
	free(p->sql);
	for (int i = 0; i < p->nparams; i++)
		free(p->values[i]);
	free(p->table);
	free(p->row);
	memset(p, 0, sizeof(*p));
}

void pg_pipe_drop(struct migrator_conn *c)
{
	for (int i = 0; i < c->npipe; i++)
		item_free(&c->pipe[i]);
	c->npipe = 0;
	for (int i = 0; i < c->ndeferred; i++)
		item_free(&c->deferred[i]);
	free(c->deferred);
	c->deferred = NULL;
	c->ndeferred = c->defer_at = 0;
	c->defer_failed = NULL;
}

int pg_pipe_defer(struct migrator_conn *c, char **sql, int n, size_t *failed)
{
	/* room for what the host may keep after them: a history row and a
	 * stamp update */
	if (n < 1 || c->ndeferred || !pg_pipe_can(c) ||
	    c->npipe + 2 > PG_PIPE_MAX)
		return 1;
	c->deferred = calloc((size_t)n, sizeof(*c->deferred));
	if (!c->deferred)
		return 1;
	for (int i = 0; i < n; i++)
		c->deferred[i].sql = sql[i];
	c->ndeferred = n;
	c->defer_at = c->npipe;
	c->defer_failed = failed;
	*failed = (size_t)n;
	return 0;
}

static char *dup_or_null(const char *s, int *bad)
{
	char *t = s ? strdup(s) : NULL;

	if (s && !t)
		*bad = 1;
	return t;
}

int pg_pipe_keep(struct migrator_conn *c, const char *sql, int nparams,
		 const char *const *values, const char *table,
		 const char *row, struct migrator_diag *d)
{
	struct pg_piped *p = &c->pipe[c->npipe];
	int bad = 0;

	if (nparams > PG_PIPE_PARAMS)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "too many parameters to keep");
	p->nparams = nparams;
	p->sql = dup_or_null(sql, &bad);
	for (int i = 0; i < nparams; i++)
		p->values[i] = dup_or_null(values[i], &bad);
	p->table = dup_or_null(table, &bad);
	p->row = dup_or_null(row, &bad);
	if (bad) {
		item_free(p);
		return pg_nomem(d);
	}
	c->npipe++;
	return 0;
}

int pg_pipe_keep_begin(struct migrator_conn *c, const char *timeouts_sql,
		       unsigned lock_ms, unsigned stmt_ms,
		       struct migrator_diag *d)
{
	if (c->npipe + 2 > PG_PIPE_MAX)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "too many statements to keep");
	if (pg_pipe_keep(c, PG_SQL_BEGIN, 0, NULL, NULL, NULL, d) < 0)
		return MIGRATOR_DRIVER_ENOMEM;
	c->pipe[c->npipe - 1].kind = PG_PIPED_BEGIN;
	if (pg_pipe_keep(c, timeouts_sql, 0, NULL, NULL, NULL, d) < 0) {
		pg_pipe_drop(c);
		return MIGRATOR_DRIVER_ENOMEM;
	}
	c->pipe[c->npipe - 1].kind = PG_PIPED_TIMEOUTS;
	c->pipe[c->npipe - 1].lock_ms = lock_ms;
	c->pipe[c->npipe - 1].stmt_ms = stmt_ms;
	return 0;
}

/* s after blanks and comments. */
static const char *first_word(const char *s)
{
	for (;;) {
		s += strspn(s, " \t\r\n\f\v");
		if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			int depth = 1;

			for (s += 2; *s && depth; s++)
				if (s[0] == '/' && s[1] == '*')
					depth++, s++;
				else if (s[0] == '*' && s[1] == '/')
					depth--, s++;
		} else {
			break;
		}
	}
	return s;
}

/* 1 if s starts with the keyword w (any case), not with a longer word. */
static int is_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	return strncasecmp(s, w, n) == 0 &&
	       !(s[n] == '_' || s[n] == '$' || (s[n] >= '0' && s[n] <= '9') ||
		 ((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'z') ||
		 (unsigned char)s[n] >= 0x80);
}

int pg_pipe_is_copy(const char *sql)
{
	return is_word(first_word(sql), "copy");
}

int pg_pipe_is_tx_control(const char *sql)
{
	static const char *const words[] = {"begin",  "start",	 "commit",
					    "end",    "rollback", "abort",
					    "prepare", NULL};
	const char *s = first_word(sql);

	for (int i = 0; words[i]; i++)
		if (is_word(s, words[i]))
			return 1;
	return 0;
}

#ifdef LIBPQ_HAS_PIPELINING
/* The stamp update found no row: as pg_stamp.c says it. */
static int moved(const struct pg_piped *p, struct migrator_diag *d)
{
	pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
			  "the stamp changed underneath");
	pg_host->diag_detail(d, "Revision %s is no longer in %s; another "
				"migrator may have moved the stamp.",
			     p->row, p->table);
	return MIGRATOR_DRIVER_EDB;
}

/* Reads one query's results; keeps the first error in *err, the last good
 * result in *good (if good is not NULL). */
static void read_one(struct migrator_conn *c, PGresult **err,
		     PGresult **good, int *aborted)
{
	PGresult *res;

	while ((res = PQgetResult(c->pg)) != NULL) {
		ExecStatusType st = PQresultStatus(res);

		if (st == PGRES_PIPELINE_ABORTED) {
			*aborted = 1;
		} else if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
			   st == PGRES_EMPTY_QUERY) { /* only comments */
			if (good) {
				PQclear(*good);
				*good = res;
				continue;
			}
		} else if (!*err) {
			*err = res;
			continue;
		}
		PQclear(res);
	}
}

/* After a send or the Sync failed with the connection maybe still good
 * (sent: the queries that went): the pipeline is ended, so that nothing
 * later (the caller's ROLLBACK) is sent inside it.  If it cannot be, the
 * socket is shut down: libpq then sees the connection broken, and the
 * server rolls the transaction back. */
static void abandon(PGconn *pg, int sent)
{
	int fd;

	if (PQstatus(pg) == CONNECTION_OK && sync_fn(pg)) {
		/* each query's results end with a NULL, then the Sync's */
		for (int i = 0; i < 4 * (sent + 1); i++) {
			PGresult *res = PQgetResult(pg);
			ExecStatusType st;

			if (!res) {
				if (PQstatus(pg) != CONNECTION_OK)
					break;
				continue;
			}
			st = PQresultStatus(res);
			PQclear(res);
			if (st == PGRES_PIPELINE_SYNC)
				break;
		}
	}
	if (exit_fn(pg)) /* 1: the pipeline is off */
		return;
	fd = PQsocket(pg);
	if (fd >= 0)
		shutdown(fd, SHUT_RDWR);
}

/* What a kept statement's good result leaves (the timeouts' query arms
 * the lock watch). */
static void kept_done(struct migrator_conn *c, const struct pg_piped *p,
		      PGresult *res)
{
	char *seen = c->blockers; /* what the watch saw meanwhile stays */

	if (p->kind != PG_PIPED_TIMEOUTS)
		return;
	c->blockers = NULL;
	pg_timeouts_armed(c, res, p->lock_ms, p->stmt_ms, 1);
	free(c->blockers);
	c->blockers = seen;
}

/* Reads the answers of the n kept statements seq[], then of the tail's
 * (sent: how many queries went in all), and the Sync's.  *failed: the
 * index of the first that failed (n: the tail), *err its result. */
static int read_all(struct migrator_conn *c, const struct pg_piped **seq,
		    int n, int sent, int watch, PGresult **tag, PGresult **err,
		    int *failed)
{
	int aborted = 0, rc = 0;
	PGresult *res;

	/* the tail statements under a lock timeout: watch who blocks them
	 * while they wait (pg_lockwait.c).  The server sends the answers of
	 * a pipeline at its Sync, or with a notice. */
	for (int i = 0; i < sent; i++) {
		PGresult *before = *err, *good = NULL;

		/* A notice makes the server send it, and the answers ready
		 * before it, at once: the watch goes on before each answer
		 * until one fails (it returns at once when the answer is
		 * there), and what it saw while a statement waited stays. */
		if (watch && !*err) {
			char *seen = c->blockers;

			c->blockers = NULL;
			pg_watch_wait(c);
			if (c->blockers)
				free(seen);
			else
				c->blockers = seen;
		}
		read_one(c, err, i == sent - 1 && tag ? tag : &good,
			 &aborted);
		if (*err && !before)
			*failed = i;
		else if (good && i < n)
			kept_done(c, seq[i], good);
		PQclear(good);
	}
	/* the Sync's answer */
	res = PQgetResult(c->pg);
	if (!res || PQresultStatus(res) != PGRES_PIPELINE_SYNC)
		rc = MIGRATOR_DRIVER_EDB;
	PQclear(res);
	/* an answer left unread would keep the connection in pipeline mode,
	 * and the next query would never be flushed: drain it, or shut the
	 * socket (abandon) */
	if (!exit_fn(c->pg)) {
		abandon(c->pg, sent);
		rc = MIGRATOR_DRIVER_EDB;
	}
	return rc || aborted ? MIGRATOR_DRIVER_EDB : 0;
}

/* The queries kept, in the order they go: BEGIN and its timeouts, the
 * statements exec_defer kept, then what was kept after them.  NULL: no
 * memory. */
static const struct pg_piped **kept_in_order(struct migrator_conn *c,
					     int *n)
{
	const struct pg_piped **seq;
	int k = 0;

	*n = c->npipe + c->ndeferred;
	seq = malloc((*n ? (size_t)*n : 1) * sizeof(*seq));
	if (!seq)
		return NULL;
	for (int i = 0; i < c->npipe; i++) {
		if (i == c->defer_at)
			for (int j = 0; j < c->ndeferred; j++)
				seq[k++] = &c->deferred[j];
		seq[k++] = &c->pipe[i];
	}
	for (int j = 0; c->defer_at >= c->npipe && j < c->ndeferred; j++)
		seq[k++] = &c->deferred[j];
	return seq;
}

/* For exec_defer's host: which of its statements failed (failed: the
 * index in the order sent of the query the server's error is about, -1
 * when no answer carries one), or their count when none did or it is not
 * known.  A lost connection without the server's word (no SQLSTATE: libpq
 * made the error up) lands on the first answer not yet read, which may be
 * BEGIN's: the server sends a pipeline's answers at its Sync. */
static void tell_deferred(struct migrator_conn *c, int failed)
{
	int at = c->defer_at, nd = c->ndeferred;

	if (!c->defer_failed || !nd)
		return;
	if (failed >= at && failed < at + nd)
		*c->defer_failed = (size_t)(failed - at);
	else
		*c->defer_failed = (size_t)nd;
}

/*
 * Sends what is kept (kept_in_order), then the ntail statements of tail
 * (COMMIT, a migration's statements, or none), then a Sync; reads all the
 * answers.  *tag: the last tail's result (COMMIT's, for the caller's
 * "ROLLBACK" check).  watch: the tails are a migration's statements (the
 * lock watch looks while they wait), as are statements exec_defer kept.
 * *tail_failed (may be NULL): on failure, the index of the tail that
 * failed, 0 when a kept statement did.  The kept statements are dropped
 * whatever happens.
 */
static int send_all(struct migrator_conn *c, const char *const *tail,
		    int ntail, int watch, PGresult **tag, int *tail_failed,
		    struct migrator_diag *d)
{
	PGresult *err = NULL;
	int failed = -1, sent = 0, rc = 0, n;
	const struct pg_piped **seq;

	if (tag)
		*tag = NULL;
	if (tail_failed)
		*tail_failed = 0;
	free(c->blockers); /* who blocked an earlier statement */
	c->blockers = NULL;
	if (c->ndeferred)
		watch = 1;
	seq = kept_in_order(c, &n);
	if (!seq) {
		tell_deferred(c, -1);
		pg_pipe_drop(c);
		return pg_nomem(d);
	}
	if (!enter_fn(c->pg)) {
		tell_deferred(c, -1);
		free(seq);
		pg_pipe_drop(c);
		return pg_report(c, NULL, d);
	}
	for (int i = 0; i < n; i++, sent++) {
		const struct pg_piped *p = seq[i];

		if (!PQsendQueryParams(c->pg, p->sql, p->nparams, NULL,
				       (const char *const *)p->values, NULL,
				       NULL, 0))
			break;
	}
	for (int i = 0; sent == n + i && i < ntail; i++)
		if (PQsendQueryParams(c->pg, tail[i], 0, NULL, NULL, NULL,
				      NULL, 0))
			sent++;
	if (sent < n + ntail || !sync_fn(c->pg)) {
		rc = pg_report(c, NULL, d);
		abandon(c->pg, sent);
		tell_deferred(c, -1);
		free(seq);
		pg_pipe_drop(c);
		return rc;
	}
	rc = read_all(c, seq, n, sent, watch, tag, &err, &failed);
	if (err && tail_failed && failed > n)
		*tail_failed = failed - n;
	if (err && failed < n && seq[failed]->row &&
	    strcmp(PQresultErrorField(err, PG_DIAG_SQLSTATE)
			   ? PQresultErrorField(err, PG_DIAG_SQLSTATE)
			   : "",
		   "22012") == 0)
		rc = moved(seq[failed], d);
	else if (err)
		rc = pg_report(c, err, d);
	else if (rc || PQstatus(c->pg) == CONNECTION_BAD)
		rc = pg_report(c, NULL, d);
	tell_deferred(c, err && PQresultErrorField(err, PG_DIAG_SQLSTATE)
				 ? failed
				 : -1);
	PQclear(err);
	if (rc && tag) {
		PQclear(*tag);
		*tag = NULL;
	}
	free(seq);
	pg_pipe_drop(c);
	return rc;
}
#else
static int send_all(struct migrator_conn *c, const char *const *tail,
		    int ntail, int watch, PGresult **tag, int *tail_failed,
		    struct migrator_diag *d)
{
	(void)tail, (void)ntail, (void)watch, (void)tag, (void)tail_failed;
	pg_pipe_drop(c); /* never kept without pipeline mode */
	return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
				 "no pipeline mode in this libpq");
}
#endif

int pg_pipe_flush(struct migrator_conn *c, struct migrator_diag *d)
{
	return c->npipe || c->ndeferred ? send_all(c, NULL, 0, 0, NULL, NULL, d)
					 : 0;
}

int pg_pipe_commit(struct migrator_conn *c, PGresult **tag,
		   struct migrator_diag *d)
{
	static const char *const commit[] = {PG_SQL_COMMIT};

	return send_all(c, commit, 1, 0, tag, NULL, d);
}

int pg_pipe_exec(struct migrator_conn *c, const char *sql,
		 struct migrator_diag *d)
{
	if (!c->npipe || c->ndeferred || pg_pipe_is_copy(sql))
		return 1;
	return send_all(c, &sql, 1, 1, NULL, NULL, d);
}

int pg_pipe_list(struct migrator_conn *c, const char *const *sql, int n,
		 int *failed, struct migrator_diag *d)
{
	return send_all(c, sql, n, 1, NULL, failed, d);
}

