/*
 * sqlite_txn.c - a migration's transaction on SQLite (DESIGN 4 and 6).
 *
 * SQLite's procedure for schema changes (create the new table, copy, drop
 * the old one, rename) needs foreign key enforcement off: with it on, the
 * DROP deletes rows and fires ON DELETE actions.  PRAGMA foreign_keys is a
 * no-op inside a transaction, so begin() turns enforcement off before BEGIN,
 * commit() runs PRAGMA foreign_key_check before COMMIT (a violation fails
 * the commit and leaves the transaction open for rollback()), and both
 * commit() and rollback() turn enforcement back on if it was on.
 *
 * BEGIN IMMEDIATE takes the write lock at once, waiting up to the busy
 * timeout, so concurrent runners queue there and re-read the stamp inside
 * the transaction.
 */
#include "config.h"

#include "sqlite_driver.h"

static int read_foreign_keys(struct migrator_conn *c, int *on,
			     struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*on = 0;
	rc = sqlite3_prepare_v2(c->db, "PRAGMA foreign_keys", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_db_error(c, rc, d);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*on = sqlite3_column_int(st, 0) != 0;
		rc = SQLITE_DONE;
	}
	/* SQLITE_DONE without a row: a build without foreign keys. */
	if (rc != SQLITE_DONE)
		rc = sq_db_error(c, rc, d);
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

/* Turns enforcement back on if begin() turned it off; only possible once
 * the transaction has ended. */
static int restore_foreign_keys(struct migrator_conn *c,
				struct migrator_diag *d)
{
	int rc;

	if (!c->fk_restore || !sqlite3_get_autocommit(c->db))
		return 0;
	rc = sq_exec_simple(c, "PRAGMA foreign_keys = ON", d);
	if (rc == 0)
		c->fk_restore = 0;
	return rc;
}

int sq_begin(struct migrator_conn *c, struct migrator_diag *d)
{
	int on, rc;

	if (c->in_txn || !sqlite3_get_autocommit(c->db))
		return sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "a transaction is already open");
	rc = read_foreign_keys(c, &on, d);
	if (rc < 0)
		return rc;
	if (on) {
		rc = sq_exec_simple(c, "PRAGMA foreign_keys = OFF", d);
		if (rc < 0)
			return rc;
		c->fk_restore = 1;
	}
	rc = sqlite3_exec(c->db, SQ_SQL_BEGIN, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_BUSY) {
			sq_host->diag_set(d, MIGRATOR_DRIVER_ELOCK,
					  "database is locked: no write lock "
					  "after waiting %u ms",
					  c->timeout_ms);
			sq_host->diag_detail(d, "Another connection holds "
						"the write lock of %s.",
					     c->path ? c->path : ":memory:");
			sq_host->diag_hint(d, "Try again when the other "
					      "writer is done, or allow a "
					      "longer wait (--lock-timeout).");
			rc = MIGRATOR_DRIVER_ELOCK;
		} else {
			rc = sq_db_error(c, rc, d);
		}
		restore_foreign_keys(c, d);
		return rc;
	}
	c->in_txn = 1;
	sq_writes_begin(c);
	return 0;
}

int sq_commit(struct migrator_conn *c, struct migrator_diag *d)
{
	int rc;

	if (!c->in_txn)
		return sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "no transaction is open to commit");
	rc = sq_fk_check(c, d);
	if (rc < 0)
		return rc; /* still open: the caller rolls back */
	rc = sqlite3_exec(c->db, SQ_SQL_COMMIT, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = sq_db_error(c, rc, d);
		/* SQLITE_BUSY leaves the transaction open for rollback();
		 * other errors may already have rolled it back. */
		if (sqlite3_get_autocommit(c->db)) {
			c->in_txn = 0;
			/* the foreign keys read may be of the rolled back schema */
			sq_edges_clear(&c->writes);
			restore_foreign_keys(c, d);
		}
		return rc;
	}
	c->in_txn = 0;
	sq_writes_committed(c);
	return restore_foreign_keys(c, d);
}

/* Also after a failed commit() whose transaction SQLite already ended. */
int sq_rollback(struct migrator_conn *c, struct migrator_diag *d)
{
	int rc;

	if (!sqlite3_get_autocommit(c->db)) {
		rc = sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return sq_db_error(c, rc, d);
	}
	c->in_txn = 0;
	/* the tables written stay noted (the next check covers them); the
	 * foreign keys read inside the transaction may have gone with it */
	sq_edges_clear(&c->writes);
	return restore_foreign_keys(c, d);
}
