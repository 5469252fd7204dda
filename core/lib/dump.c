/*
 * dump.c - `dump`: the live database's schema and stamp as SQL text
 * (dump_text.c), in its canonical form (dump_canon.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "runner_int.h"

/* The canonical form, or a warning and the dump as read; a signal is
 * an error. */
static int canonical_or_warn(struct mg_buf *b, mg_runner *r, mg_diag *d)
{
	mg_diag tmp = MG_DIAG_INIT;
	char *text;

	if (mg_dump_canonical(b, r, &tmp) == 0)
		return 0;
	if (r->interrupted) {
		int rc = mg_diag_set(d, tmp.code, "%s", tmp.message);

		mg_diag_clear(&tmp);
		return rc;
	}
	text = mg_strdup_printf("the dump is as read: it could not be "
				"loaded into a scratch database and dumped "
				"again, so a database built from it may dump "
				"differently (%s%s%.0u%s%s%s%s)",
				tmp.file ? tmp.file : "",
				tmp.line ? ":" : "", tmp.line,
				tmp.file ? ": " : "",
				tmp.message ? tmp.message : "out of memory",
				tmp.detail ? ": " : "",
				tmp.detail ? tmp.detail : "");
	if (text)
		mg_runner_event(r, MIGRATOR_EVENT_WARNING, NULL, 0, text, NULL);
	free(text);
	mg_diag_clear(&tmp);
	return 0;
}

int mg_runner_dump(char **out, mg_runner *r, mg_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;
	int rc;

	*out = NULL;
	rc = mg_runner_load_plugin(r, d);
	if (!rc)
		rc = mg_dump_supported(r, "dump", 0, d);
	if (!rc)
		rc = mg_runner_connect(r, 0, d);
	if (!rc)
		rc = mg_runner_lock(r, d);
	if (rc)
		return rc;
	rc = mg_dump_text(&b, r, r->conn, d);
	rc = mg_runner_unlock(r, rc, d);
	if (!rc)
		rc = canonical_or_warn(&b, r, d);
	if (!rc)
		*out = mg_buf_detach(&b);
	mg_buf_free(&b);
	return rc;
}
