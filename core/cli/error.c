/*
 * error.c - the program's error record (error.h).  Out of memory while
 * filling a part leaves that part NULL: the code and the rest still tell.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* *slot = the formatted text, unless *slot is taken already. */
static void fill(char **slot, const char *fmt, va_list ap)
{
	if (*slot == NULL && vasprintf(slot, fmt, ap) < 0)
		*slot = NULL;
}

int cli_err_set(struct cli_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e->code)
		return code;
	e->code = code;
	va_start(ap, fmt);
	fill(&e->message, fmt, ap);
	va_end(ap);
	return code;
}

void cli_err_detail(struct cli_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fill(&e->detail, fmt, ap);
	va_end(ap);
}

void cli_err_hint(struct cli_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fill(&e->hint, fmt, ap);
	va_end(ap);
}

void cli_err_locate(struct cli_err *e, const char *file, unsigned line)
{
	if (e->file || !file)
		return;
	e->file = strdup(file);
	e->line = e->file ? line : 0;
}

void cli_err_clear(struct cli_err *e)
{
	char *parts[] = {e->message, e->detail,   e->hint,
			 e->file,    e->revision, e->sqlstate};

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		free(parts[i]);
	memset(e, 0, sizeof(*e));
}
