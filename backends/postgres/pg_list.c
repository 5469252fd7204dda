/*
 * pg_list.c - the exec_list member (driver ABI 2.5, issue 19): a
 * transactional revision's statements in one round trip, through the
 * pipeline of pg_pipe.c, or one exec() each where that cannot be.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* The n statements as NUL-terminated copies in *out (the caller frees
 * each and the array).  1, nothing copied, when one may not go in a
 * pipeline: it holds a NUL, is a COPY (libpq refuses it there), or, with
 * tx_too, starts or ends a transaction; <0 without memory. */
static int copy_texts(const char *const *sql, const size_t *len, size_t n,
		      int tx_too, char ***out)
{
	char **text;
	size_t k;
	int refused = 0;

	*out = NULL;
	for (k = 0; k < n; k++)
		if (memchr(sql[k], '\0', len[k]))
			return 1;
	text = calloc(n ? n : 1, sizeof(*text));
	if (!text)
		return MIGRATOR_DRIVER_ENOMEM;
	for (k = 0; k < n && !refused; k++) {
		text[k] = malloc(len[k] + 1);
		if (!text[k])
			break;
		memcpy(text[k], sql[k], len[k]);
		text[k][len[k]] = '\0';
		refused = pg_pipe_is_copy(text[k]) ||
			  (tx_too && pg_pipe_is_tx_control(text[k]));
	}
	if (k == n && !refused) {
		*out = text;
		return 0;
	}
	for (size_t i = 0; i < k; i++)
		free(text[i]);
	free(text);
	return refused ? 1 : MIGRATOR_DRIVER_ENOMEM;
}

static void free_texts(char **text, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(text[i]);
	free(text);
}

/* ABI 2.5: the statements of a migration's transaction in one round trip
 * with what is kept (BEGIN and its timeouts), when none is COPY or holds
 * a NUL; else one exec() each. */
int pg_exec_list(struct migrator_conn *c, const char *const *sql,
		 const size_t *len, size_t n, size_t *failed,
		 struct migrator_diag *d)
{
	char **text = NULL;
	int rc = 1, at = 0;

	*failed = 0;
	if (n <= (size_t)PG_LIST_MAX && pg_pipe_on() &&
	    pg_tx_status(c) == PQTRANS_INTRANS)
		rc = copy_texts(sql, len, n, 0, &text);
	if (rc < 0)
		return pg_nomem(d);
	if (rc > 0) { /* one by one */
		for (size_t i = 0; i < n; i++)
			if ((rc = pg_exec(c, sql[i], len[i], d)) < 0) {
				*failed = i;
				return rc;
			}
		return 0;
	}
	rc = pg_pipe_list(c, (const char *const *)text, (int)n, &at, d);
	*failed = (size_t)at;
	free_texts(text, n);
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
	int rc;

	(void)d;
	*failed = n;
	if (n < 1 || n > (size_t)PG_LIST_MAX || copy_texts(sql, len, n, 1, &text))
		return 1;
	rc = pg_pipe_defer(c, text, (int)n, failed);
	if (rc) /* not kept: the texts are still ours */
		free_texts(text, n);
	else
		free(text); /* the texts are the driver's now */
	return rc;
}
