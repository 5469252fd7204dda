#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"

void mg_diag_init(mg_diag *d)
{
	memset(d, 0, sizeof(*d));
}

void mg_diag_clear(mg_diag *d)
{
	if (!d)
		return;
	free(d->message);
	free(d->detail);
	free(d->hint);
	free(d->file);
	free(d->revision);
	mg_diag_init(d);
}

int mg_diag_vset(mg_diag *d, int code, const char *fmt,
		       va_list ap)
{
	if (!d || d->code != 0)
		return code; /* first error wins */
	d->code = code;
	d->message = mg_strdup_vprintf(fmt, ap);
	return code;
}

int mg_diag_set(mg_diag *d, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mg_diag_vset(d, code, fmt, ap);
	va_end(ap);
	return code;
}

void mg_diag_vdetail(mg_diag *d, const char *fmt, va_list ap)
{
	if (d && !d->detail)
		d->detail = mg_strdup_vprintf(fmt, ap);
}

void mg_diag_detail(mg_diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mg_diag_vdetail(d, fmt, ap);
	va_end(ap);
}

void mg_diag_vhint(mg_diag *d, const char *fmt, va_list ap)
{
	if (d && !d->hint)
		d->hint = mg_strdup_vprintf(fmt, ap);
}

void mg_diag_hint(mg_diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mg_diag_vhint(d, fmt, ap);
	va_end(ap);
}

void mg_diag_locate(mg_diag *d, const char *file, unsigned line)
{
	if (!d || d->file || !file)
		return;
	d->file = strdup(file);
	if (d->file && !d->line)
		d->line = line;
}

void mg_diag_revision(mg_diag *d, const char *revision)
{
	if (d && !d->revision && revision)
		d->revision = strdup(revision);
}

void mg_diag_sqlstate(mg_diag *d, const char *sqlstate)
{
	if (!d || d->sqlstate[0] || !sqlstate)
		return;
	strncpy(d->sqlstate, sqlstate, sizeof(d->sqlstate) - 1);
	d->sqlstate[sizeof(d->sqlstate) - 1] = '\0';
}

void mg_diag_cause(mg_diag *d, const mg_diag *cause)
{
	if (cause->message) {
		size_t n = strlen(cause->message);
		const char *sep = n && cause->message[n - 1] == '.' ? " " : ". ";

		/* the database's words: "message (SQLSTATE x). detail" */
		mg_diag_detail(d, "%s%s%s%s%s%s", cause->message,
			       cause->sqlstate[0] ? " (SQLSTATE " : "",
			       cause->sqlstate, cause->sqlstate[0] ? ")" : "",
			       cause->detail ? sep : "",
			       cause->detail ? cause->detail : "");
	}
	if (cause->hint)
		mg_diag_hint(d, "%s", cause->hint);
	mg_diag_sqlstate(d, cause->sqlstate);
}
