#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "migrator/diag.h"

void migrator_diag_init(migrator_diag *d)
{
	memset(d, 0, sizeof(*d));
}

void migrator_diag_clear(migrator_diag *d)
{
	if (!d)
		return;
	free(d->message);
	free(d->detail);
	free(d->hint);
	free(d->file);
	free(d->revision);
	migrator_diag_init(d);
}

int migrator_diag_vset(migrator_diag *d, int code, const char *fmt,
		       va_list ap)
{
	if (!d || d->code != 0)
		return code; /* first error wins */
	d->code = code;
	d->message = mg_strdup_vprintf(fmt, ap);
	return code;
}

int migrator_diag_set(migrator_diag *d, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	migrator_diag_vset(d, code, fmt, ap);
	va_end(ap);
	return code;
}

void migrator_diag_vdetail(migrator_diag *d, const char *fmt, va_list ap)
{
	if (d && !d->detail)
		d->detail = mg_strdup_vprintf(fmt, ap);
}

void migrator_diag_detail(migrator_diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	migrator_diag_vdetail(d, fmt, ap);
	va_end(ap);
}

void migrator_diag_vhint(migrator_diag *d, const char *fmt, va_list ap)
{
	if (d && !d->hint)
		d->hint = mg_strdup_vprintf(fmt, ap);
}

void migrator_diag_hint(migrator_diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	migrator_diag_vhint(d, fmt, ap);
	va_end(ap);
}

void migrator_diag_locate(migrator_diag *d, const char *file, unsigned line)
{
	if (!d || d->file || !file)
		return;
	d->file = strdup(file);
	if (d->file && !d->line)
		d->line = line;
}

void migrator_diag_revision(migrator_diag *d, const char *revision)
{
	if (d && !d->revision && revision)
		d->revision = strdup(revision);
}

void migrator_diag_sqlstate(migrator_diag *d, const char *sqlstate)
{
	if (!d || d->sqlstate[0] || !sqlstate)
		return;
	strncpy(d->sqlstate, sqlstate, sizeof(d->sqlstate) - 1);
	d->sqlstate[sizeof(d->sqlstate) - 1] = '\0';
}
