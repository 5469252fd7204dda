/*
 * migrator.h - the public C API of libmigrator: migrate a database from an
 * application (link with `pkg-config --cflags --libs libmigrator`).
 *
 *   migrator_ctx *ctx = NULL;
 *   int rc = migrator_open(&ctx, "sqlite:///app.db", "migrations");
 *   if (rc == 0)
 *           rc = migrator_upgrade(ctx, "head", NULL);
 *   if (rc != 0)
 *           fprintf(stderr, "migrate: %s\n", migrator_errmsg(ctx));
 *   migrator_close(ctx);
 *
 * Model (SQLite's): a context is an opaque handle holding one database
 * URL, one migrations directory, the driver plugin loaded for the URL's
 * scheme and at most one connection, opened on first need and kept until
 * migrator_close().  Every fallible function returns 0 or a negative
 * MIGRATOR_E* code and leaves the error in the context, where
 * migrator_errcode() / migrator_errmsg() read it until the next call on
 * that context.
 *
 * Threads: the library has no global state.  Two threads may each use
 * their own context at the same time; one context must not be used by two
 * threads at once (serialise the calls yourself).
 *
 * Ownership, everywhere below: a `const char *` returned by a function is
 * borrowed: it belongs to the object it was read from and stays valid until
 * the call named beside it (the next call on the context, or the *_free of
 * the list).  An object returned through an out-parameter (`**out`) is the
 * caller's, released with its own *_free function.  Every *_free and
 * migrator_close accept NULL.  The library copies every string it is given.
 *
 * Plugins: the URL's scheme picks a driver (sqlite.so, postgres.so) that is
 * looked for in the options' plugin_dir, else in MIGRATOR_PLUGIN_PATH (a
 * colon-separated list), else in the directory chosen at install time
 * (`pkg-config --variable=plugindir libmigrator`).
 *
 * This header is self-contained and is the only installed header of
 * libmigrator besides the plugin SDK; libmigrator.so exports exactly the
 * functions declared here.
 */
#ifndef MIGRATOR_MIGRATOR_H
#define MIGRATOR_MIGRATOR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Error codes.  The comment gives the exit status the migrator program
 * uses for each (DESIGN 7), which migrator_exit_status() returns.
 */
enum migrator_error {
	MIGRATOR_OK = 0,
	MIGRATOR_EUSAGE = -1,  /* bad argument or target expression: exit 2 */
	MIGRATOR_ESCRIPT = -2, /* migration file or graph invalid: exit 3 */
	MIGRATOR_EDB = -3,     /* database or migration failure: exit 1 */
	MIGRATOR_EPLUGIN = -4, /* unknown scheme, missing/bad plugin: exit 1 */
	MIGRATOR_EDRIFT = -5,  /* check found drift, verify problems: exit 1 */
	MIGRATOR_ENOMEM = -6,  /* out of memory: exit 1 */
	MIGRATOR_EIO = -7,     /* reading a file or directory failed: exit 1 */
	MIGRATOR_ELOCK = -8,   /* run lock not acquired in time, or a
				* revision's lock after its retries: exit 1 */
	MIGRATOR_ESTAMP = -9,  /* stamp names an unknown revision: exit 1 */
	MIGRATOR_ECONFIG = -10 /* bad URL or option: exit 2 */
};

/* The library's version, "MAJOR.MINOR.PATCH"; a static string. */
const char *migrator_version(void);

/* The migrator program's exit status for an error code: 0, 1, 2 or 3. */
int migrator_exit_status(int code);

/* Frees a string the library handed to the caller (the SQL of
 * migrator_offline_sql(), the path of a new revision).  Accepts NULL. */
void migrator_free(void *p);

/* ------------------------------------------------------------------ */
/* Contexts                                                            */

typedef struct migrator_ctx migrator_ctx;

#define MIGRATOR_OPEN_OPTIONS_VERSION 5

#define MIGRATOR_DEFAULT_MIGRATIONS "migrations"
#define MIGRATOR_DEFAULT_VERSION_TABLE "migrator_version"
#define MIGRATOR_DEFAULT_LOCK_TIMEOUT_MS 300000u
/* version 4 (lock timeouts): the defaults of ddl_lock_timeout_ms and
 * lock_retries */
#define MIGRATOR_DEFAULT_DDL_LOCK_TIMEOUT_MS 5000u
#define MIGRATOR_DEFAULT_LOCK_RETRIES 5u

/* flags: read the migrations and load the driver on first need, not in
 * migrator_open_ext(); url may then be NULL (calls that need a database
 * fail with MIGRATOR_ECONFIG).  The migrator program opens its contexts
 * this way. */
#define MIGRATOR_OPEN_LAZY 0x1u

/*
 * Options of migrator_open_ext().  Start from MIGRATOR_OPEN_OPTIONS_INIT
 * so that version is set: members are only ever appended, and the library
 * reads only those that the caller's version knows (1 to 5).  Every
 * string is copied.
 */
struct migrator_open_options {
	unsigned version;          /* MIGRATOR_OPEN_OPTIONS_VERSION */
	const char *url;           /* required unless MIGRATOR_OPEN_LAZY; never
				    * appears in messages with its password */
	const char *migrations;    /* NULL: MIGRATOR_DEFAULT_MIGRATIONS */
	const char *version_table; /* NULL: MIGRATOR_DEFAULT_VERSION_TABLE */
	const char *plugin_dir;    /* NULL: MIGRATOR_PLUGIN_PATH, then the
				    * installed plugin directory */
	unsigned lock_timeout_ms;  /* wait for the run lock (and SQLite's
				    * busy timeout); 0: do not wait (version
				    * 1: 0 meant the default).  The INIT
				    * macro sets the default. */
	/* Hook plugins to call around runs (lint, backup, your own), each
	 * "NAME" or "NAME:key=value,key=value" as `migrator --plugin`; found
	 * like the drivers.  NULL: none.  Their messages reach the event
	 * callback as INFO / WARNING events with plugin set. */
	const char *const *plugins;
	size_t n_plugins;
	int strict; /* hook plugin warnings, and applied migration files
		     * edited since they ran, fail an upgrade and count as
		     * drift in migrator_check_schema() */
	/* version 2 */
	unsigned connect_timeout_ms; /* 0: the driver's default (PostgreSQL:
				      * 10 s unless the URL sets one) */
	unsigned flags;              /* MIGRATOR_OPEN_* */
	/* Options for hook plugins, each "NAME.key=value" (the config
	 * file's [plugin.NAME]), given before those in plugins[]; options of
	 * a plugin not named in plugins[] are ignored.  NULL: none. */
	const char *const *plugin_options;
	size_t n_plugin_options;
	/* version 3 */
	/* The committed schema file (`migrator dump`): after each call
	 * that changed the database (migrator_upgrade() or
	 * migrator_downgrade() that ran a revision, migrator_stamp() that
	 * moved the stamp) and succeeded, the database's dump
	 * (migrator_dump()) replaces this file, atomically.  Failing to
	 * write it fails the call (MIGRATOR_EIO) after the database
	 * changed.  NULL: none. */
	const char *schema_file;
	/* version 4 (lock timeouts) */
	/* How long each statement of a transactional revision may wait
	 * for a lock before it fails (PostgreSQL: SET LOCAL lock_timeout),
	 * unless the revision's "-- migrator:lock_timeout" says otherwise;
	 * 0: migrator sets none (the server's own lock_timeout applies).
	 * At most 2147483647 (INT_MAX ms); more is MIGRATOR_ECONFIG from
	 * migrator_open_ext().  Drivers without lock timeouts (SQLite)
	 * ignore it.  The INIT
	 * macro sets MIGRATOR_DEFAULT_DDL_LOCK_TIMEOUT_MS; a caller of an
	 * older version gets that default too. */
	unsigned ddl_lock_timeout_ms;
	/* How many times a transactional revision that failed for lack of
	 * a lock (rolled back) runs again, after a wait that doubles from
	 * 0.5 s (at most 30 s, with jitter); each is a
	 * MIGRATOR_EVENT_LOCK_RETRY event.  0: none.  The INIT macro sets
	 * MIGRATOR_DEFAULT_LOCK_RETRIES, also the default of older
	 * versions. */
	unsigned lock_retries;
	/* version 5 (fleets) */
	/* A schema of the database (PostgreSQL) to work in: each
	 * connection of the run is set to it right after it connects
	 * (search_path), so that the migrations' unqualified names are
	 * its, and a version_table without a schema lives in it
	 * ("SCHEMA.TABLE"); check compares that schema.  Its name may not
	 * hold a '.'.  A driver without schemas (SQLite) fails the first
	 * call that connects with MIGRATOR_ECONFIG.  NULL: none. */
	const char *schema;
};

#define MIGRATOR_OPEN_OPTIONS_INIT \
	{MIGRATOR_OPEN_OPTIONS_VERSION, NULL, NULL, NULL, NULL, \
	 MIGRATOR_DEFAULT_LOCK_TIMEOUT_MS, NULL, 0, 0, 0, 0, NULL, 0, NULL, \
	 MIGRATOR_DEFAULT_DDL_LOCK_TIMEOUT_MS, MIGRATOR_DEFAULT_LOCK_RETRIES, \
	 NULL}


/*
 * Opens a context: copies the options, reads and checks every migration
 * file (MIGRATOR_ESCRIPT naming file and line) and loads the driver for
 * the URL's scheme (MIGRATOR_EPLUGIN).  It does not connect: the database
 * is opened by the first call that needs it.
 *
 * Like sqlite3_open(), *out receives a context even when the call fails
 * (unless memory ran out: then *out is NULL), so that migrator_errmsg()
 * can say why; the caller always ends with migrator_close(*out).  Such a
 * context only answers the error functions: every other call on it fails
 * with MIGRATOR_EUSAGE ("the context failed to open").
 */
int migrator_open(migrator_ctx **out, const char *url, const char *migrations);
int migrator_open_ext(migrator_ctx **out,
		      const struct migrator_open_options *opts);

/* Closes the connection, unloads the driver, frees everything the context
 * owns.  Accepts NULL. */
void migrator_close(migrator_ctx *ctx);

/* The context's database URL as it may be printed (a password as ***);
 * "" when it has none (a lazy context opened without one).  Borrowed
 * until migrator_close(ctx). */
const char *migrator_url(const migrator_ctx *ctx);

/* ------------------------------------------------------------------ */
/* Errors                                                              */

/* The code of the last call on ctx: 0 after a success.  ctx NULL (an open
 * that ran out of memory): MIGRATOR_ENOMEM. */
int migrator_errcode(const migrator_ctx *ctx);

/*
 * The last call's error as one line, prefixed by "FILE:LINE: " when it is
 * about a place in a migration file, e.g.
 *   migrations/3f2a9c1b7d4e_add.sql:14: statement failed in revision 3f2a...
 * "not an error" after a success; "out of memory" when ctx is NULL.
 * Borrowed until the next call on ctx.
 */
const char *migrator_errmsg(const migrator_ctx *ctx);

/*
 * The last call's error in parts.  The library owns the record; members
 * may be appended in later versions, never reordered.
 */
struct migrator_errinfo {
	int code;             /* as migrator_errcode() */
	const char *message;  /* one line without the location, e.g.
			       * "statement failed in revision 3f2a..." */
	const char *detail;   /* the database's own message (a sentence), or
			       * NULL */
	const char *hint;     /* what to do (a sentence), or NULL */
	const char *file;     /* the migration file it is about, or NULL */
	unsigned line;        /* its line, or 0 */
	const char *revision; /* the revision it is about, or NULL */
	const char *sqlstate; /* PostgreSQL's SQLSTATE, or NULL */
};

/* The record and its strings are borrowed until the next call on ctx;
 * never NULL (ctx NULL: an "out of memory" record; after a success: code
 * 0, "not an error"). */
const struct migrator_errinfo *migrator_errinfo(const migrator_ctx *ctx);

/* ------------------------------------------------------------------ */
/* Events: progress, notices, warnings                                 */

enum migrator_direction { MIGRATOR_UPGRADE = 0, MIGRATOR_DOWNGRADE = 1 };

/* Opaque objects the library owns (see each function for how long a
 * pointer stays valid): a revision of the graph, a plan of a run and one
 * migration (step) of it. */
typedef struct migrator_revision migrator_revision;
typedef struct migrator_plan migrator_plan;
typedef struct migrator_step migrator_step;

enum migrator_event_kind {
	MIGRATOR_EVENT_STEP_START, /* a migration is about to run */
	MIGRATOR_EVENT_STEP_DONE,  /* it ran and its stamp moved */
	MIGRATOR_EVENT_NOTICE,     /* a notice from the database */
	MIGRATOR_EVENT_INFO,       /* detail worth a verbose line */
	MIGRATOR_EVENT_WARNING,    /* always worth showing (e.g. an applied
				    * migration file was edited since) */
	/* migrator_verify(): one revision's round trip (up, down, up) on
	 * the scratch database; step is its upgrade step, text "verify ID
	 * message" */
	MIGRATOR_EVENT_VERIFY_START, /* is about to run */
	MIGRATOR_EVENT_VERIFY_DONE,  /* ended: elapsed_ms, findings */
	/* lock timeouts: step failed for lack of a lock, was rolled back
	 * and runs again after delay_ms; text "revision ID could not get a
	 * lock in time (FILE:LINE), retry N of M in 1.2 s: " and the
	 * database's message, then who blocked it ("Blocked by server
	 * process 4242 (...): LOCK TABLE ...") when the driver saw it */
	MIGRATOR_EVENT_LOCK_RETRY
};

/*
 * One event.  The struct and everything it points to are borrowed for the
 * duration of the callback only; copy what you keep.  Members may be
 * appended in later versions (the library allocates the struct).
 */
struct migrator_event {
	enum migrator_event_kind kind;
	const migrator_step *step; /* STEP_*, VERIFY_*: the migration; else
				    * NULL */
	unsigned long elapsed_ms;  /* STEP_DONE, VERIFY_DONE: how long it
				    * took; else 0 */
	/* Always set, one line without newline: STEP_* the step's text
	 * (migrator_step_text: "upgrade 1975ea83b712 -> 3f2a9c1b7d4e  add
	 * webhook"; no time), VERIFY_* "verify 3f2a9c1b7d4e  add webhook",
	 * else the notice, info or warning. */
	const char *text;
	/* INFO, WARNING from a hook plugin: its name ("lint"; text then
	 * starts with "lint: "); else NULL. */
	const char *plugin;
	/* VERIFY_DONE: how many problems the revision's round trip found;
	 * else 0. */
	size_t findings;
	/* issue 20 (progress): STEP_* of migrator_upgrade() and
	 * migrator_downgrade(): the step's number in its run, from 1, and
	 * how many steps the run has ("[3/694]"); else 0. */
	size_t step_number;
	size_t step_count;
	/* lock timeouts: LOCK_RETRY: which retry this is (1 for the
	 * first), of how many at most, and the wait before it, in ms; else
	 * 0 */
	unsigned retry, retries;
	unsigned long delay_ms;
};

typedef void (*migrator_event_fn)(const struct migrator_event *ev,
				  void *payload);

/* Calls fn(ev, payload) for each event, in the calling thread.  fn NULL:
 * no callback.  fn must not call back into the same context. */
void migrator_set_event_callback(migrator_ctx *ctx, migrator_event_fn fn,
				 void *payload);

/* ------------------------------------------------------------------ */
/* Revisions                                                           */

/*
 * A revision of the context's graph (one migration file).  Every pointer
 * below, the revision itself, its strings, arrays and sections, is
 * borrowed from the context until migrator_close().  These functions
 * cannot fail; given NULL they return NULL (or 0, with *n set to 0).
 */

#define MIGRATOR_REV_HEAD 0x1u          /* no children */
#define MIGRATOR_REV_BRANCHPOINT 0x2u   /* several children */
#define MIGRATOR_REV_MERGEPOINT 0x4u    /* several parents */
#define MIGRATOR_REV_TRANSACTIONAL 0x8u /* runs in a transaction (not
					 * "-- migrator:transactional
					 * false") */

enum migrator_link {
	MIGRATOR_LINK_PARENTS,    /* down_revision, as the file lists them */
	MIGRATOR_LINK_CHILDREN,   /* revisions whose down_revision names it,
				   * sorted by ID */
	MIGRATOR_LINK_DEPENDS_ON, /* depends_on, as the file lists them */
	MIGRATOR_LINK_DEPENDENTS  /* revisions whose depends_on names it,
				   * sorted by ID */
};

/* One "-- migrator:upgrade [dialect]", "-- migrator:downgrade [dialect]"
 * or "-- migrator:verify [dialect]" section of a file (a verify section
 * has direction MIGRATOR_UPGRADE: the upgrade it checks).  The library
 * allocates it; members may be appended in later versions, never
 * reordered. */
struct migrator_section {
	enum migrator_direction direction;
	const char *dialect; /* NULL: the plain section; else "sqlite" ... */
	const char *sql;     /* the section's text, NUL-terminated */
	size_t len;          /* strlen(sql) */
	unsigned line;       /* the file's line on which sql[0] stands */
};

/* The revision's ID, "3f2a9c1b7d4e". */
const char *migrator_revision_id(const migrator_revision *r);
/* Its message ("-- migrator:message"); "" if none. */
const char *migrator_revision_message(const migrator_revision *r);
/* Its file, the migrations directory joined with the file name. */
const char *migrator_revision_path(const migrator_revision *r);
/* MIGRATOR_REV_* flags. */
unsigned migrator_revision_flags(const migrator_revision *r);
/* The revisions r links to by which, *n of them (NULL when none). */
const migrator_revision *const *
migrator_revision_links(const migrator_revision *r, enum migrator_link which,
			size_t *n);
/* Its branch labels, as the file lists them, *n of them (NULL when
 * none). */
const char *const *migrator_revision_labels(const migrator_revision *r,
					    size_t *n);
/* The i-th upgrade or downgrade section in file order; NULL past the
 * last.  Verify sections are not among them: */
const struct migrator_section *
migrator_revision_section(const migrator_revision *r, size_t i);
/* the i-th "-- migrator:verify [dialect]" section in file order; NULL
 * past the last. */
const struct migrator_section *
migrator_revision_verify_section(const migrator_revision *r, size_t i);

/* ------------------------------------------------------------------ */
/* Revision lists                                                      */

typedef struct migrator_revlist migrator_revlist;

/* Number of revision IDs in the list (0: base, or nothing ran). */
size_t migrator_revlist_count(const migrator_revlist *list);
/* The i-th ID; NULL if i is out of range.  Borrowed until
 * migrator_revlist_free(list), which may come after migrator_close(). */
const char *migrator_revlist_get(const migrator_revlist *list, size_t i);
/* The i-th revision; NULL if i is out of range.  Borrowed until
 * migrator_close() of the context the list came from (not the list's
 * free: it may outlive the list, but not the context). */
const migrator_revision *migrator_revlist_revision(const migrator_revlist *list,
						   size_t i);
void migrator_revlist_free(migrator_revlist *list);

/* ------------------------------------------------------------------ */
/* Graph queries: read the migrations directory, need no database      */
/* unless said                                                         */

/*
 * Reads the migrations now if not yet (a MIGRATOR_OPEN_LAZY context reads
 * them on first need; MIGRATOR_ESCRIPT naming file and line,
 * MIGRATOR_EIO).  *warnings receives what is worth saying but is not an
 * error (several heads, a file name that disagrees with its revision ID),
 * one line each, *n_warnings of them (NULL and 0 when none); borrowed
 * until migrator_close(ctx).  warnings and n_warnings may be NULL.
 */
int migrator_graph_load(migrator_ctx *ctx, const char *const **warnings,
			size_t *n_warnings);

/* The heads of the migrations directory's graph, sorted by ID.  *out is
 * the caller's (NULL on failure). */
int migrator_heads(migrator_ctx *ctx, migrator_revlist **out);

/*
 * The revisions of range, newest first, as `migrator history -r RANGE`
 * lists them: "A:B" keeps the descendants of A (A included) that are
 * ancestors of B (B included); "A:" runs to the heads, ":B" from base;
 * NULL: every revision.  Either end is a target expression (base, heads,
 * an ID or prefix, label@head), or "current": the revisions stamped in
 * the database (the call then connects, without creating anything).  A
 * relative start (-2:) counts down from the end.  A bad range is
 * MIGRATOR_EUSAGE.  *out is the caller's (NULL on failure).
 */
int migrator_history(migrator_ctx *ctx, const char *range,
		     migrator_revlist **out);

/* One revision by ID, unique prefix, branch label, "head" or "label@head"
 * (what `migrator show` takes); no match, an ambiguous prefix or several
 * heads is MIGRATOR_EUSAGE.  *out is borrowed until migrator_close(ctx)
 * (NULL on failure). */
int migrator_revision_lookup(migrator_ctx *ctx, const char *expr,
			     const migrator_revision **out);

/* ------------------------------------------------------------------ */
/* Running migrations                                                  */

/*
 * Upgrades to target ("head", "heads", a revision ID or unique prefix,
 * "label@head", "+N", "REV+N": DESIGN 2), creating a missing SQLite file.
 * Takes the run lock; each revision runs in its own transaction with its
 * stamp change; a failure rolls that revision back, keeps the earlier ones
 * and is MIGRATOR_EDB naming file, line and revision, with the database's
 * message as detail.  A transactional revision that fails for lack of a
 * lock (PostgreSQL: past the options' ddl_lock_timeout_ms) runs again up
 * to lock_retries times (MIGRATOR_EVENT_LOCK_RETRY), then is
 * MIGRATOR_ELOCK, the blocker named in the detail.  Already at the
 * target: 0, nothing runs.  ran (may be
 * NULL) receives the list of revisions that ran, in order (empty if none),
 * also when the call fails; free it with migrator_revlist_free().
 */
int migrator_upgrade(migrator_ctx *ctx, const char *target,
		     migrator_revlist **ran);

/* flags of migrator_upgrade_ext(): after each revision's statements, run
 * its "-- migrator:verify" section (the one for the URL's dialect, else
 * the plain one) in the revision's transaction.  A statement that fails,
 * or a query whose first row's first column is NULL, false or 0, fails
 * the revision as a failing statement does: it rolls back with its stamp
 * and the call is MIGRATOR_EDB naming file, line and revision ("verify
 * query returned false in revision ...").  A revision marked
 * "transactional false" has its statements committed one by one before
 * its verify section runs: a failure then moves no stamp but leaves them
 * applied (the hint says so).  A query that returns no row passes. */
#define MIGRATOR_UPGRADE_VERIFY 0x1u

/* migrator_upgrade() with flags (MIGRATOR_UPGRADE_*; others are
 * MIGRATOR_EUSAGE). */
int migrator_upgrade_ext(migrator_ctx *ctx, const char *target,
			 unsigned flags, migrator_revlist **ran);

/* Downgrades to target ("base", "-1", a revision ID, ...).  As above. */
int migrator_downgrade(migrator_ctx *ctx, const char *target,
		       migrator_revlist **ran);

/* The revisions stamped in the database, sorted (empty: base).  Connects
 * without creating anything: a missing SQLite file is MIGRATOR_EDB.
 * *out is the caller's (NULL on failure). */
int migrator_current(migrator_ctx *ctx, migrator_revlist **out);

/* ------------------------------------------------------------------ */
/* `migrator check`: does the live schema match the migrations?       */

typedef struct migrator_driftlist migrator_driftlist;

/* One difference; strings borrowed until migrator_driftlist_free(). */
struct migrator_drift_item {
	const char *kind;  /* "missing_table", "extra_table", "missing_column",
			    * "extra_column", "changed_column", "missing_index",
			    * "extra_index", "changed_index", "missing_fkey",
			    * "extra_fkey"; "missing_", "extra_" or "changed_"
			    * and "view", "trigger", "sequence", "function" or
			    * "type"; "changed_table" (column order, from
			    * migrator_verify() only) */
	const char *table;    /* NULL for a view, sequence, function, type */
	const char *name;     /* column, index, foreign key or object (a
			       * function's with its argument types); NULL:
			       * table */
	const char *field;    /* changed_*: "type", "nullable", "default",
			       * "columns", "unique", "definition" (objects),
			       * "column_order" (expected and found list the
			       * table's columns, "a, b, c"); else NULL */
	const char *expected; /* what the migrations build (may be NULL) */
	const char *found;    /* what the database has (may be NULL) */
	const char *text;     /* one line, as `migrator check` prints it, e.g.
			       * "missing table progress_tracking" */
};

/*
 * Builds the schema the migrations produce up to the database's stamped
 * revisions on a scratch database of the same backend and compares it
 * with the live one (tables, columns, indexes, foreign keys; views,
 * triggers, sequences, functions and types by their definitions; not
 * column order).  Returns 0
 * when they match, MIGRATOR_EDRIFT "the database schema differs from what
 * the migrations build" when they do not (the list says how).  With the
 * options' strict, applied migration files edited since they ran count as
 * drift too: no differences but such files is MIGRATOR_EDRIFT "N applied
 * migration file(s) was/were edited (--strict)", with a hint
 * (migrator_edited() names them; this call sends no events).  On 0 and
 * MIGRATOR_EDRIFT *out (out may be NULL) receives the list of
 * differences, the caller's (migrator_driftlist_free); other errors:
 * *out NULL.
 */
int migrator_check_schema(migrator_ctx *ctx, migrator_driftlist **out);

size_t migrator_driftlist_count(const migrator_driftlist *list);
/* NULL if i is out of range. */
const struct migrator_drift_item *
migrator_driftlist_get(const migrator_driftlist *list, size_t i);
void migrator_driftlist_free(migrator_driftlist *list);

/* ------------------------------------------------------------------ */
/* `migrator verify`: prove the migrations on a scratch database       */

typedef struct migrator_verifylist migrator_verifylist;

/*
 * One problem.  Strings are borrowed until migrator_verifylist_free()
 * or migrator_close(), whichever comes first.
 */
struct migrator_verify_item {
	/* "several_heads"    the graph has more than one head
	 * "upgrade_failed"   the revision's upgrade failed (the walk
	 *                    stops: nothing after it can be built)
	 * "verify_failed"    its verify section failed
	 * "no_downgrade"     it has no downgrade section for the dialect
	 * "downgrade_failed" its downgrade failed
	 * "downgrade_drift"  its downgrade does not restore the schema its
	 *                    upgrade started from (one item per difference)
	 * "reupgrade_failed" its upgrade fails after its own downgrade (the
	 *                    walk stops)
	 * "reupgrade_drift"  its upgrade after its own downgrade builds
	 *                    another schema than the first time (the walk
	 *                    stops: what follows would be judged on another
	 *                    schema)
	 * "rows_changed"     with data (migrator_verify_ext()): a table
	 *                    holds another number of rows after the round
	 *                    trip (table, rows_before, rows_after)
	 * "not_exercised"    with data, a warning: no row could be made for
	 *                    the table (migrator_verifylist_warning_get()) */
	const char *kind;
	const char *revision; /* NULL for several_heads */
	const char *file;     /* the revision's file; NULL for several_heads */
	unsigned line;        /* *_failed: the failing statement's line */
	/* one line, as `migrator verify` prints it after "FILE:LINE: ID: ",
	 * e.g. "downgrade does not restore the schema: extra column
	 * budget_alerts.slack_webhook: TEXT" */
	const char *text;
	const char *detail;   /* *_failed: the database's message, or NULL */
	const char *hint;     /* what to do, or NULL */
	const char *sqlstate; /* PostgreSQL's SQLSTATE, or NULL */
	/* *_drift: the difference, as migrator_check_schema() lists them,
	 * "expected" the schema before the move, "found" the one after it
	 * (downgrade_drift: before the upgrade / after the downgrade;
	 * reupgrade_drift: after the first upgrade / after the second);
	 * else NULL */
	const struct migrator_drift_item *difference;
	/* appended for migrator_verify_ext() with data (the library
	 * allocates items, so they may grow): "rows_changed" and
	 * "not_exercised" items name their table, else NULL;
	 * rows_changed: its row count before and after the move that
	 * should have kept it (else both -1) */
	const char *table;
	long long rows_before, rows_after;
};

/* flags of migrator_verify(): several heads are no problem */
#define MIGRATOR_VERIFY_ALLOW_BRANCHES 0x1u

/*
 * `migrator verify`: on a scratch database of the URL's backend (SQLite:
 * in memory, the URL's file is not opened; PostgreSQL: a database
 * created for the call and dropped afterwards, also when a signal stops
 * it), walks the revisions of range in upgrade order.  For each: the
 * schema (S0), its upgrade as migrator_upgrade_ext() runs it with
 * MIGRATOR_UPGRADE_VERIFY (S1), its downgrade (S2), its upgrade again
 * (S3); S2 must equal S0 and S3 S1, as migrator_check_schema() compares
 * schemas, column order included (a "changed_table" difference).  range: NULL (base to every head), "TARGET" (base to TARGET)
 * or "START:TARGET" (the revisions after START, which is built first
 * without being verified).  Returns 0 when nothing was found,
 * MIGRATOR_EDRIFT "verify found N problem(s)" when something was; on
 * both *out (out may be NULL) receives the list, the caller's
 * (migrator_verifylist_free).  Other errors (bad scripts: MIGRATOR_ESCRIPT;
 * no scratch database: MIGRATOR_EDB; a driver that cannot:
 * MIGRATOR_EPLUGIN; interrupted: MIGRATOR_EDB "interrupted by a signal")
 * leave *out NULL.  Each revision is a MIGRATOR_EVENT_VERIFY_START and
 * a MIGRATOR_EVENT_VERIFY_DONE event.
 */
int migrator_verify(migrator_ctx *ctx, const char *range, unsigned flags,
		    migrator_verifylist **out);

size_t migrator_verifylist_count(const migrator_verifylist *list);
/* NULL if i is out of range. */
const struct migrator_verify_item *
migrator_verifylist_get(const migrator_verifylist *list, size_t i);
/* How many revisions the walk went through; *planned (may be NULL) how
 * many the range holds.  Fewer when it stopped at a revision (upgrade_failed,
 * reupgrade_failed, reupgrade_drift, or a failing verify section of a
 * revision outside a transaction, whose statements stayed): */
size_t migrator_verifylist_walked(const migrator_verifylist *list,
				  size_t *planned);
/* the ID of that revision, or NULL. */
const char *migrator_verifylist_stopped(const migrator_verifylist *list);
void migrator_verifylist_free(migrator_verifylist *list);

/* migrator_verify_ext(): verify with data (issue 14 item 2) ---------- */

/* flags: rows in every table before each upgrade, their counts compared
 * after the round trip (migrator_verify() takes it too, with the
 * default seed and rows) */
#define MIGRATOR_VERIFY_WITH_DATA 0x2u
#define MIGRATOR_VERIFY_DEFAULT_SEED 1ull
#define MIGRATOR_VERIFY_DEFAULT_ROWS 3u
#define MIGRATOR_VERIFY_OPTIONS_VERSION 1

/*
 * Options of migrator_verify_ext().  Start from
 * MIGRATOR_VERIFY_OPTIONS_INIT so that version is set (members are only
 * ever appended).
 */
struct migrator_verify_options {
	unsigned version; /* MIGRATOR_VERIFY_OPTIONS_VERSION */
	unsigned flags;   /* MIGRATOR_VERIFY_* */
	/* With MIGRATOR_VERIFY_WITH_DATA: what the generated values are
	 * made from (the same migrations and seed give the same rows, so a
	 * finding reproduces), and how many rows each table holds at least
	 * before each upgrade (0: MIGRATOR_VERIFY_DEFAULT_ROWS, at most
	 * 1000) */
	unsigned long long seed;
	unsigned rows;
};

#define MIGRATOR_VERIFY_OPTIONS_INIT \
	{MIGRATOR_VERIFY_OPTIONS_VERSION, 0, MIGRATOR_VERIFY_DEFAULT_SEED, 0}

/*
 * migrator_verify() with options.  With MIGRATOR_VERIFY_WITH_DATA the
 * driver (driver ABI 2.3 data_fill and data_count; else MIGRATOR_EPLUGIN)
 * makes every table hold at least opts->rows generated rows before each
 * revision's upgrade, so an upgrade that cannot run on a table with rows
 * (ADD COLUMN ... NOT NULL without a default, a type change that cannot
 * convert the values) is an "upgrade_failed" problem whose hint names
 * the seed.  The row counts of the tables are compared, before the
 * upgrade with after the downgrade, and after the upgrade with after it
 * ran again: every table found at both points that holds another number
 * of rows is a "rows_changed" problem (a rename that did not copy the
 * rows).  A table into which no row could be inserted is a
 * "not_exercised" warning (once per table, with the database's reason),
 * not a problem: it is listed by migrator_verifylist_warning_get() and
 * does not make the call fail.
 */
int migrator_verify_ext(migrator_ctx *ctx, const char *range,
			const struct migrator_verify_options *opts,
			migrator_verifylist **out);

/* The warnings ("not_exercised", with its table), like the problems. */
size_t migrator_verifylist_warning_count(const migrator_verifylist *list);
const struct migrator_verify_item *
migrator_verifylist_warning_get(const migrator_verifylist *list, size_t i);
/* 1 and the seed in *seed (may be NULL) when the walk ran with data,
 * else 0. */
int migrator_verifylist_seed(const migrator_verifylist *list,
			     unsigned long long *seed);

/* ------------------------------------------------------------------ */
/* Database state: edited migration files, the stamp                   */

/*
 * The applied revisions (the stamped ones and their ancestors) whose
 * upgrade SQL no longer has the checksum the run history recorded when it
 * ran: their files were edited since.  Oldest first; empty when the
 * driver or the database keeps no history.  Connects without creating
 * anything (a missing SQLite file is MIGRATOR_EDB).  Each one is also a
 * MIGRATOR_EVENT_WARNING event, "FILE was edited after revision ID was
 * applied (its checksum differs from the run history)", as
 * migrator_upgrade() sends them.  With the options' strict a non-empty
 * result is MIGRATOR_EDRIFT "N applied migration file(s) was/were edited
 * (--strict)", with a hint, and *out is set then too.  out may be NULL;
 * *out is the caller's (migrator_revlist_free), NULL after other errors.
 */
int migrator_edited(migrator_ctx *ctx, migrator_revlist **out);

/* flags of migrator_stamp(): delete every row first, even rows that name
 * no revision (the way out of MIGRATOR_ESTAMP) */
#define MIGRATOR_STAMP_PURGE 0x1u

/*
 * Writes the stamp for target (the expressions of migrator_upgrade();
 * "base" empties the stamp) without running any migration, under the run
 * lock, creating the stamp table (and a missing SQLite file).  Stamped
 * revisions on branches the target does not touch stay, unless flags has
 * MIGRATOR_STAMP_PURGE.  A row naming no revision is MIGRATOR_ESTAMP
 * without PURGE.
 */
int migrator_stamp(migrator_ctx *ctx, const char *target, unsigned flags);

/* ------------------------------------------------------------------ */
/* Plans (what a run would do) and offline SQL                         */

/*
 * What migrator_upgrade() (dir MIGRATOR_UPGRADE) or migrator_downgrade()
 * (MIGRATOR_DOWNGRADE) to target would run, in order, as `migrator
 * upgrade --dry-run` lists it: connects and reads the stamp, takes no
 * lock, changes nothing (a missing SQLite file is MIGRATOR_EDB).  The
 * scripts are checked as before a run (a missing section:
 * MIGRATOR_ESCRIPT), and hook plugins see the plan (lint warns).  Already
 * at the target: an empty plan.  *out is the caller's
 * (migrator_plan_free), NULL on failure.
 */
int migrator_plan_new(migrator_ctx *ctx, enum migrator_direction dir,
		      const char *target, migrator_plan **out);
/* The number of steps (0 for NULL). */
size_t migrator_plan_count(const migrator_plan *plan);
/* The i-th step, in run order; NULL if i is out of range.  Borrowed until
 * migrator_plan_free(plan). */
const migrator_step *migrator_plan_get(const migrator_plan *plan, size_t i);
void migrator_plan_free(migrator_plan *plan);

/* A step's revision, borrowed until migrator_close() (it outlives the
 * plan); NULL for NULL. */
const migrator_revision *migrator_step_revision(const migrator_step *step);
/* MIGRATOR_UPGRADE or MIGRATOR_DOWNGRADE (MIGRATOR_UPGRADE for NULL). */
enum migrator_direction migrator_step_direction(const migrator_step *step);
/* The step's line, as the events' text and the migrator program show it:
 * "upgrade 1975ea83b712 -> 3f2a9c1b7d4e  add webhook", "downgrade
 * 3f2a9c1b7d4e -> <base>  create users" (a merge's parents "a, b"), the
 * message after two spaces, no time.  Borrowed like the step; NULL for
 * NULL. */
const char *migrator_step_text(const migrator_step *step);

/*
 * The SQL a run would execute (`migrator upgrade --sql`), as a script for
 * the database's own client (sqlite3, psql).  range is "TARGET" or
 * "START:TARGET"; without a start an upgrade starts from base and a
 * downgrade from all heads.  Loads the URL's driver for its dialect and
 * connects to nothing.  The script creates the stamp table if missing,
 * wraps each transactional revision in BEGIN/COMMIT and moves the stamp
 * with literal IDs.  *out is the caller's (migrator_free), NULL on
 * failure.
 */
int migrator_offline_sql(migrator_ctx *ctx, enum migrator_direction dir,
			 const char *range, char **out);

/* ------------------------------------------------------------------ */
/* The schema file: dump and load                                      */

/*
 * The database's schema and stamp as SQL (`migrator dump`), rendered by
 * the driver from the database's own catalog (no pg_dump): the
 * statements that build the schema, ordered by dependency, then by name,
 * then those that create the stamp table and insert its rows.  The same
 * schema gives the same text, byte for byte.  The version and history
 * tables' own definitions are left out (the stamp table is written as a
 * run creates it), as are data, owners and privileges.  Connects without
 * creating anything; takes the run lock, so no run of migrator changes
 * the database meanwhile.  A driver that cannot dump is MIGRATOR_EPLUGIN.
 * *out is the caller's (migrator_free), NULL on failure.
 */
int migrator_dump(migrator_ctx *ctx, char **out);

/* migrator_dump() written to the file at path, atomically: the text goes
 * to a new file beside it that is renamed over it once complete, so a
 * reader sees the old file or the new one, never a part (`migrator dump
 * -o FILE`).  A file that fails to be written is MIGRATOR_EIO and path
 * is left as it was. */
int migrator_dump_file(migrator_ctx *ctx, const char *path);

/*
 * The dump of the schema the migrations build (`migrator dump --check`):
 * every revision from base to all heads runs on a scratch database of the
 * URL's backend, as migrator_check_schema() builds one (dropped again on
 * every way out; migrator_interrupt() stops it), stamped as a run stamps
 * it; then it is dumped as migrator_dump() dumps.  A committed schema
 * file that differs from this text is out of date.  Connects (a server
 * creates the scratch database through the connection).  *out is the
 * caller's (migrator_free), NULL on failure.
 */
int migrator_dump_expected(migrator_ctx *ctx, char **out);

/*
 * Builds the database from the dump in the file at path (`migrator
 * load`): every statement in one transaction, split as migration files
 * are.  The database must be empty: a table, the stamp table included,
 * is MIGRATOR_EDB "the database is not empty: it has tables ..." and
 * nothing runs.  A statement that fails rolls everything back and is
 * MIGRATOR_EDB naming the file and its line, the database's message as
 * detail.  Creates a missing SQLite file.
 */
int migrator_load(migrator_ctx *ctx, const char *path);

/* ------------------------------------------------------------------ */
/* Lint                                                                */

/*
 * `migrator lint`: hands every upgrade step of range to the hook plugins
 * as a lint run, without connecting; the "lint" plugin is loaded even if
 * the options do not name it.  range NULL: base to all heads; "TARGET":
 * base to TARGET; "START:TARGET": the steps after START.  dialect names
 * the sections to read ("sqlite", "postgresql"); NULL: the URL's
 * driver's (loaded, not connected; no URL either is MIGRATOR_EUSAGE "lint
 * needs a dialect").  Each finding is a MIGRATOR_EVENT_WARNING event with
 * plugin set.  With the options' strict, any finding is MIGRATOR_EPLUGIN
 * "lint found N risky statement(s)".  *warnings (may be NULL) receives
 * the number of findings when the lint ran to its end: after a success
 * and after that strict error; 0 after any other error.
 */
int migrator_lint(migrator_ctx *ctx, const char *dialect, const char *range,
		  unsigned long *warnings);

/* ------------------------------------------------------------------ */
/* Authoring: new migration files                                      */

/*
 * These calls write files and never connect: they work on a context
 * opened with MIGRATOR_OPEN_LAZY and no URL.  After a file is written the
 * context reads the migrations directory again on its next need (calls in
 * a row build on each other); revisions borrowed before stay valid until
 * migrator_close().  A path handed back is the caller's (migrator_free).
 */

#define MIGRATOR_REVISION_SPEC_VERSION 1

/*
 * What a new revision says.  Start from MIGRATOR_REVISION_SPEC_INIT so
 * that version is set (members are only ever appended).  Lists are
 * comma-separated, as in the file header ("a, b"); NULL or "" means none.
 * Every string is copied.
 */
struct migrator_revision_spec {
	unsigned version; /* MIGRATOR_REVISION_SPEC_VERSION */
	const char *message; /* required: one line of text */
	/* The parent: NULL for the graph's single head (several heads are
	 * MIGRATOR_EUSAGE naming them; an empty graph gives a root), "base"
	 * for a new root, else any target expression that resolves to one
	 * revision (ID, unique prefix, label, label@head, head, ...). */
	const char *head;
	const char *branch_labels; /* new labels: [A-Za-z0-9_.-]+, unused */
	const char *depends_on;    /* target expressions, one revision each */
};

#define MIGRATOR_REVISION_SPEC_INIT \
	{MIGRATOR_REVISION_SPEC_VERSION, NULL, NULL, NULL, NULL}

/*
 * Writes a new revision into the migrations directory, as `migrator
 * revision`: a file "<12 hex digits>_<slug of the message>.sql" with the
 * header and empty upgrade and downgrade sections, removed again if the
 * directory's graph does not load with it.  IDs and prefixes given are
 * written as full IDs.  Bad input is MIGRATOR_EUSAGE, file errors
 * MIGRATOR_EIO.  *path_out (may be NULL: not wanted) receives
 * "DIR/NAME.sql", the caller's (migrator_free); NULL on failure.
 */
int migrator_revision_create(migrator_ctx *ctx,
			     const struct migrator_revision_spec *spec,
			     char **path_out);

/*
 * Writes a merge revision, as `migrator merge`: its parents are the
 * revisions targets[0..n) resolve to ("heads" gives every head), in the
 * order given, each once.  They must be at least two and none may be an
 * ancestor of another (MIGRATOR_EUSAGE otherwise).  As
 * migrator_revision_create() otherwise.
 */
int migrator_merge(migrator_ctx *ctx, const char *message,
		   const char *const *targets, size_t n, char **path_out);

/* migrator_project_init() sets this in *made when it created the
 * migrations directory (rather than using an empty one). */
#define MIGRATOR_INIT_MADE_DIR 0x1u

/*
 * Starts a project, as `migrator init`: creates the context's migrations
 * directory (the options' migrations, with missing parents) and the
 * config file ini_path, whose [migrator] section sets "migrations = DIR"
 * and shows a commented url line for each backend.  A relative DIR is
 * relative to ini_path's directory, as every path in a config file is.
 * An existing empty directory is used as it is.  Refuses with
 * MIGRATOR_EUSAGE, changing nothing, when ini_path exists or the
 * directory exists and is not empty; after a later failure (MIGRATOR_EIO)
 * what was created is removed again.  made (may be NULL) receives
 * MIGRATOR_INIT_MADE_DIR or 0.
 */
int migrator_project_init(migrator_ctx *ctx, const char *ini_path,
			  unsigned *made);

/* ------------------------------------------------------------------ */
/* Switching from another tool: import, adopt (issue 17)               */

/*
 * Converts another tool's migrations, as `migrator import`: format is
 * "dbmate", "golang-migrate", "flyway" or "sqitch" (Alembic's are
 * converted by the program's Python helper, not here); src is that
 * tool's migrations directory (Sqitch: the directory of sqitch.plan).
 * Writes one migrator file per migration into dir (NULL: the context's
 * migrations directory; created when missing), as one chain in the
 * tool's order, each revision ID derived from the tool's version (a
 * version that cannot be an ID is mapped, and the map written in the
 * file's header).  All or nothing: bad input (a file of unknown pattern,
 * a duplicate version, ...) is MIGRATOR_ESCRIPT naming the file, and
 * nothing is written.  *summary_out (may be NULL) receives the lines to
 * print, each ending in "\n": what was converted, what was not and why;
 * the caller's (migrator_free).  Connects to nothing.
 */
int migrator_import(migrator_ctx *ctx, const char *format, const char *src,
		    const char *dir, char **summary_out);

/* flags of migrator_adopt(): find the revision, stamp nothing */
#define MIGRATOR_ADOPT_DRY_RUN 0x1u

/*
 * Takes over a database that another tool migrated, as `migrator adopt`:
 * reads that tool's own record (format as for migrator_import(), or
 * "alembic"; table names it when the tool was configured to keep it
 * elsewhere: TABLE or SCHEMA.TABLE, for Sqitch the registry's name; NULL:
 * the tool's default), finds the imported revision of every applied version and
 * stamps the context's version table at the last one, as
 * migrator_stamp() does (its lock, one transaction), running no
 * migration and never writing the other tool's table.  Refuses with
 * MIGRATOR_ESTAMP, writing nothing, a dirty golang-migrate database, a
 * failed Flyway row, an applied version that no revision has, and a gap
 * (a version applied while one before it is not).  *summary_out as for
 * migrator_import().
 */
int migrator_adopt(migrator_ctx *ctx, const char *format, const char *table,
		   unsigned flags, char **summary_out);

/* ------------------------------------------------------------------ */
/* issue 15: `migrator diff`: the next revision from a schema change    */

#define MIGRATOR_DIFF_SPEC_VERSION 2

/* migrator_diff() flags */
#define MIGRATOR_DIFF_PRINT 0x1u  /* --sql: hand the text back, write no
				   * file */
#define MIGRATOR_DIFF_STRICT 0x2u /* --strict: refuse a revision that
				   * drops a table or a column */

/*
 * What diff is asked.  Start from MIGRATOR_DIFF_SPEC_INIT (members are
 * only ever appended).  Every string is copied.
 */
struct migrator_diff_spec {
	unsigned version; /* MIGRATOR_DIFF_SPEC_VERSION */
	/* the new revision's message, parent, labels (as for
	 * migrator_revision_create(); unused with MIGRATOR_DIFF_PRINT but
	 * for the message) */
	const struct migrator_revision_spec *revision;
	/* SOURCE, the schema wanted: a database URL of the context's driver
	 * (a developer's database), or the path of a .sql file (a name
	 * ending in ".sql") loaded into a scratch database */
	const char *to;
	/* "table:OLD=NEW" or "column:TABLE.OLD=NEW" (TABLE as SOURCE names
	 * it): pairs a dropped table or column with a created one, which
	 * becomes a rename that keeps the rows */
	const char *const *renames;
	size_t nrenames;
	unsigned flags; /* MIGRATOR_DIFF_* */
	/* version 2 (diff --dialects) */
	/* "sqlite,postgresql": one upgrade and one downgrade section per
	 * dialect named ("-- migrator:upgrade sqlite", ...), each made and
	 * proven on a scratch database of that dialect's driver.  NULL:
	 * plain sections, the context's driver's.  A dialect that is not
	 * the context's driver's needs a database of its driver:
	 * dialect_urls, or none for a driver that makes scratch databases
	 * alone (SQLite); then `to` must be a .sql file */
	const char *dialects;
	/* "DIALECT=URL": the database whose server holds the scratch
	 * databases of DIALECT (not read otherwise) */
	const char *const *dialect_urls;
	size_t ndialect_urls;
};

#define MIGRATOR_DIFF_SPEC_INIT \
	{MIGRATOR_DIFF_SPEC_VERSION, NULL, NULL, NULL, 0, 0, NULL, NULL, 0}

/*
 * `migrator diff`: builds the schema of the migrations at their head(s)
 * on a scratch database, compares it with SOURCE's, and makes the
 * revision whose upgrade turns the one into the other and whose
 * downgrade turns it back; the context's driver writes the statements
 * (its diff_render, driver ABI 2.4).  The revision is proven before it
 * is handed back: its upgrade runs on a scratch database built from the
 * migrations and must give SOURCE's schema, its downgrade must give the
 * head schema again; otherwise MIGRATOR_EDB naming the statement that
 * failed or the differences left, and nothing is written.  Each change
 * that drops a table or columns is a MIGRATOR_EVENT_WARNING event and a
 * comment in the text; with MIGRATOR_DIFF_STRICT such a revision is
 * MIGRATOR_EDRIFT.  *text_out (may be NULL: not wanted) receives the
 * "-- migrator:upgrade" and "-- migrator:downgrade" sections; unless
 * MIGRATOR_DIFF_PRINT they are written as a new revision file, as
 * migrator_revision_create() writes one, its path in *path_out (may be
 * NULL).  No difference: 0, with both NULL and nothing written.  Both
 * are the caller's (migrator_free).  With spec->dialects (version 2) the
 * text holds one upgrade and one downgrade section per dialect, each
 * made and proven as above on its own driver; a failure of any dialect
 * names it in the message ("dialect postgresql: ...") and nothing is
 * written; a URL `to` with a dialect of another driver, or such a
 * dialect with no database for its scratch databases, is
 * MIGRATOR_EUSAGE.
 */
int migrator_diff(migrator_ctx *ctx, const struct migrator_diff_spec *spec,
		  char **text_out, char **path_out);

/* ------------------------------------------------------------------ */
/* Interrupting a call                                                 */

/*
 * Asks the call running on ctx to stop because a signal came (SIGINT,
 * SIGTERM, SIGHUP); async-signal-safe: call it from the handler.  It
 * allocates nothing and leaves the context's error alone.  While
 * migrator_check_schema(), migrator_verify() or migrator_dump_expected()
 * has a scratch database it records the request,
 * asks the database to cancel the running statements and returns 1: the
 * call then fails with MIGRATOR_EDB "interrupted by a signal" after
 * dropping the scratch database.  Otherwise it does nothing and returns
 * 0: nothing needs cleaning up that the database does not clean up
 * itself (a killed connection's transaction rolls back), so the caller
 * lets the signal do what it does by default.  ctx may be NULL.
 */
int migrator_interrupt(migrator_ctx *ctx);

/* ------------------------------------------------------------------ */
/* Fleets (issue 18)                                                   */

/*
 * The schemas of ctx's database whose names match pattern, a shell glob
 * ('*' any run of characters, '?' one, '\' takes the next one as it
 * is), in name order; the database matches it, given as a bound value.
 * System schemas are left out.  *out is one block, freed with
 * migrator_free(): *n names, then NULL.  A driver without schemas
 * (SQLite) is MIGRATOR_ECONFIG.  Connects as migrator_current() does.
 */
int migrator_schemas(migrator_ctx *ctx, const char *pattern, char ***out,
		     size_t *n);

#ifdef __cplusplus
}
#endif
#endif
