/*
 * exit.c - error codes to exit statuses (DESIGN 7), and how a diagnostic
 * is printed:
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

static const struct {
	int code;
	int status;
} exit_table[] = {
	{MIGRATOR_OK, 0},
	{MIGRATOR_EUSAGE, 2},  {MIGRATOR_ECONFIG, 2},
	{MIGRATOR_ESCRIPT, 3},
	{MIGRATOR_EDB, 1},     {MIGRATOR_EPLUGIN, 1}, {MIGRATOR_EDRIFT, 1},
	{MIGRATOR_ENOMEM, 1},  {MIGRATOR_EIO, 1},     {MIGRATOR_ELOCK, 1},
	{MIGRATOR_ESTAMP, 1},
};

int cli_exit_status(int code)
{
	for (size_t i = 0; i < sizeof(exit_table) / sizeof(exit_table[0]); i++)
		if (exit_table[i].code == code)
			return exit_table[i].status;
	return 1;
}

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

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	prefix("warning", "33");
	va_start(ap, fmt);
	cli_vput_textf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
