/*
 * pg_list.c - the exec_list member (driver ABI 2.5, issue 19): a
 * transactional revision's statements in one round trip, through the
 * pipeline of pg_pipe.c, or one exec() each where that cannot be.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* ABI 2.5: the statements of a migration's transaction in one round trip
 * with what is kept (BEGIN and its timeouts), when none is COPY or holds
 * a NUL; else one exec() each. */
int pg_exec_list(struct migrator_conn *c, const char *const *sql,
		 const size_t *len, size_t n, size_t *failed,
		 struct migrator_diag *d)
{
	char **text;
	size_t i, k = 0;
	int rc, at = 0;

	*failed = 0;
	for (i = 0; i < n; i++)
		if (memchr(sql[i], '\0', len[i]))
			break;
	if (i < n || n > (size_t)PG_LIST_MAX || !pg_pipe_on() ||
	    pg_tx_status(c) != PQTRANS_INTRANS) {
		for (i = 0; i < n; i++)
			if ((rc = pg_exec(c, sql[i], len[i], d)) < 0) {
				*failed = i;
				return rc;
			}
		return 0;
	}
	text = calloc(n ? n : 1, sizeof(*text));
	if (!text)
		return pg_nomem(d);
	for (k = 0; k < n; k++) {
		text[k] = malloc(len[k] + 1);
		if (!text[k])
			break;
		memcpy(text[k], sql[k], len[k]);
		text[k][len[k]] = '\0';
		if (pg_pipe_is_copy(text[k]))
			break;
	}
	if (k < n && !text[k]) {
		rc = pg_nomem(d);
	} else if (k < n) { /* a COPY: one by one */
		for (i = 0, rc = 0; rc == 0 && i < n; i++)
			if ((rc = pg_exec(c, sql[i], len[i], d)) < 0)
				*failed = i;
		k++;
	} else {
		rc = pg_pipe_list(c, (const char *const *)text, (int)n, &at,
				  d);
		*failed = (size_t)at;
	}
	for (i = 0; i < k && i < n; i++)
		free(text[i]);
	free(text);
	return rc;
}

/* ABI 2.6: the statements kept (pg_pipe_defer) to go with the history row,
 * the stamp update and the COMMIT in commit()'s one round trip; 1 (none
 * kept) for a COPY, a statement that ends or starts a transaction, a NUL,
 * no pipeline mode or no memory: the host then runs them as before. */
int pg_exec_defer(struct migrator_conn *c, const char *const *sql,
		  const size_t *len, size_t n, size_t *failed,
		  struct migrator_diag *d)
{
	char **text;
	size_t i, k;
	int rc = 1, copy = 0;

	(void)d;
	*failed = n;
	if (n < 1 || n > (size_t)PG_LIST_MAX)
		return 1;
	for (i = 0; i < n; i++)
		if (memchr(sql[i], '\0', len[i]))
			return 1;
	text = calloc(n, sizeof(*text));
	if (!text)
		return 1;
	for (k = 0; k < n && !copy; k++) {
		text[k] = malloc(len[k] + 1);
		if (!text[k])
			break;
		memcpy(text[k], sql[k], len[k]);
		text[k][len[k]] = '\0';
		copy = pg_pipe_is_copy(text[k]) ||
		       pg_pipe_is_tx_control(text[k]);
	}
	if (k == n && !copy)
		rc = pg_pipe_defer(c, text, (int)n, failed);
	if (rc) /* not kept: the texts are still ours */
		for (i = 0; i < k; i++)
			free(text[i]);
	free(text);
	return rc;
}
