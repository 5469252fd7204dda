/*
 * report.c - how an error and a warning are printed (exit statuses are
 * the library's migrator_exit_status(), DESIGN 7):
 *
 *   migrator: error: FILE:LINE: message
 *   detail: ...
 *   hint: ...
 *
 * "error:" and "warning:" are red and yellow when stderr is a terminal
 * (cli_colour); an open progress line on stdout is ended first.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* "migrator: error: " with the word in colour (SGR 31 red, 33 yellow)
 * when stderr is a terminal that takes colour. */
static void prefix(const char *word, const char *sgr)
{
	cli_progress_break();
	if (cli_colour(stderr))
		fprintf(stderr, "migrator: \033[1;%sm%s:\033[0m ", sgr, word);
	else
		fprintf(stderr, "migrator: %s: ", word);
}

void cli_print_err(const struct cli_err *d)
{
	prefix("error", "31");
	/* file names, paths and database text go through cli_put_text */
	if (d->file && d->line)
		cli_put_textf(stderr, "%s:%u: ", d->file, d->line);
	else if (d->file)
		cli_put_textf(stderr, "%s: ", d->file);
	cli_put_text(stderr, d->message ? d->message : "unknown error");
	fputc('\n', stderr);
	if (d->detail) {
		fputs("detail: ", stderr);
		cli_put_text(stderr, d->detail);
		fputc('\n', stderr);
	}
	if (d->hint) {
		fputs("hint: ", stderr);
		cli_put_text(stderr, d->hint);
		fputc('\n', stderr);
	}
}

/* A copy of s, or NULL for NULL (or out of memory). */
static char *copy(const char *s)
{
	return s ? strdup(s) : NULL;
}

int cli_err_take(struct cli_err *e, const migrator_ctx *ctx, int rc)
{
	const struct migrator_errinfo *info = migrator_errinfo(ctx);

	if (rc == 0 || e->code)
		return rc;
	cli_err_set(e, rc, "%s", info->message);
	e->detail = copy(info->detail);
	e->hint = copy(info->hint);
	cli_err_locate(e, info->file, info->line);
	e->revision = copy(info->revision);
	e->sqlstate = copy(info->sqlstate);
	return rc;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	prefix("warning", "33");
	va_start(ap, fmt);
	cli_vput_textf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
