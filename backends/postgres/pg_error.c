/*
 * pg_error.c - turns a libpq error into the host's diag.
 *
 * A server error carries fields (PostgreSQL's primary/detail/hint split):
 * the primary message becomes the diag's message, detail and hint its
 * detail and hint, and the SQLSTATE is kept.  A client-side error (libpq's
 * own text, "...\n" with more lines after a first) gives its first line as
 * the message and the rest as the detail.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* Every file reports through the host's callbacks; set once by
 * the driver's create() (pg_driver.c). */
const struct migrator_host *pg_host;

int pg_nomem(struct migrator_diag *d)
{
	return pg_host->diag_set(d, MIGRATOR_DRIVER_ENOMEM, "out of memory");
}

/* Length of the first line of s, without its newline. */
static int line_len(const char *s)
{
	return (int)strcspn(s, "\r\n");
}

/* The lines after the first, each stripped of leading blanks (libpq indents
 * its second lines with a tab) and joined with a space; NULL if none. */
static char *rest_lines(const char *s)
{
	char *out, *o;

	s += strcspn(s, "\n");
	out = malloc(strlen(s) + 1);
	if (!out)
		return NULL;
	o = out;
	while (*s) {
		size_t n;

		s += strspn(s, "\r\n \t");
		n = strcspn(s, "\r\n");
		if (!n)
			continue;
		if (o != out)
			*o++ = ' ';
		memcpy(o, s, n);
		o += n;
		s += n;
	}
	*o = '\0';
	if (o == out) {
		free(out);
		return NULL;
	}
	return out;
}

int pg_report_text(struct migrator_diag *d, const char *fallback,
		   const char *text)
{
	char *rest;

	if (text)
		text += strspn(text, "\r\n \t");
	if (!text || !*text)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB, "%s", fallback);
	pg_host->diag_set(d, MIGRATOR_DRIVER_EDB, "%.*s", line_len(text), text);
	rest = rest_lines(text);
	if (rest)
		pg_host->diag_detail(d, "%s", rest);
	free(rest);
	return MIGRATOR_DRIVER_EDB;
}

static const char *field(const PGresult *res, int code)
{
	const char *s = res ? PQresultErrorField(res, code) : NULL;

	return s && *s ? s : NULL;
}

int pg_report(struct migrator_conn *c, const PGresult *res,
	      struct migrator_diag *d)
{
	const char *primary = field(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *detail = field(res, PG_DIAG_MESSAGE_DETAIL);
	const char *hint = field(res, PG_DIAG_MESSAGE_HINT);
	const char *state = field(res, PG_DIAG_SQLSTATE);
	const char *text = res ? PQresultErrorMessage(res) : NULL;
	int code = MIGRATOR_DRIVER_EDB;

	if (!text || !*text)
		text = PQerrorMessage(c->pg);
	if (PQstatus(c->pg) == CONNECTION_BAD) {
		/* The server's last words (e.g. "terminating connection due
		 * to administrator command") or libpq's, as the detail. */
		pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
				  "connection to the server was lost");
		if (primary)
			pg_host->diag_detail(d, "%s", primary);
		else if (text && *text)
			pg_host->diag_detail(d, "%.*s", line_len(text), text);
		pg_host->diag_hint(d, "The session ended (a server restart or "
				      "crash, or pg_terminate_backend); what "
				      "ran in its open transaction was rolled "
				      "back.  Run the command again once the "
				      "server accepts connections.");
		if (state)
			pg_host->diag_sqlstate(d, state);
		return MIGRATOR_DRIVER_EDB;
	}
	if (!primary)
		return pg_report_text(d, "the statement failed", text);
	/* lock_not_available (lock_timeout, NOWAIT): a lock not acquired in
	 * time, which the host may retry; the detail names who held it
	 * when the statement's wait was watched (pg_lockwait.c) */
	if (state && strcmp(state, "55P03") == 0)
		code = MIGRATOR_DRIVER_ELOCK;
	/* The message is one line: the rest of a multi-line one (RAISE
	 * EXCEPTION E'a\nb') goes to the detail if that is free. */
	pg_host->diag_set(d, code, "%.*s", line_len(primary), primary);
	if (detail) {
		pg_host->diag_detail(d, "%s", detail);
	} else if (code == MIGRATOR_DRIVER_ELOCK && c->blockers) {
		pg_host->diag_detail(d, "%s", c->blockers);
	} else if (code == MIGRATOR_DRIVER_ELOCK && c->pooled) {
		pg_host->diag_detail(d, "Behind a connection pooler migrator "
				      "does not ask who holds the lock: look "
				      "for it in pg_locks and "
				      "pg_stat_activity on the server.");
	} else if (primary[line_len(primary)]) {
		char *rest = rest_lines(primary);

		if (rest)
			pg_host->diag_detail(d, "%s", rest);
		free(rest);
	}
	if (hint)
		pg_host->diag_hint(d, "%s", hint);
	if (state)
		pg_host->diag_sqlstate(d, state);
	return code;
}
