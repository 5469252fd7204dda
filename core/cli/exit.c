/*
 * exit.c - how a diagnostic is printed (exit statuses are the library's
 * migrator_exit_status(), DESIGN 7):
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

void cli_print_diag(const mg_diag *d)
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

int cli_take(mg_diag *d, const migrator_ctx *ctx, int rc)
{
	const struct migrator_errinfo *e = migrator_errinfo(ctx);

	if (rc == 0 || d->code)
		return rc;
	mg_diag_set(d, rc, "%s", e->message);
	if (e->detail)
		mg_diag_detail(d, "%s", e->detail);
	if (e->hint)
		mg_diag_hint(d, "%s", e->hint);
	if (e->file)
		mg_diag_locate(d, e->file, e->line);
	if (e->revision)
		mg_diag_revision(d, e->revision);
	if (e->sqlstate)
		mg_diag_sqlstate(d, e->sqlstate);
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
