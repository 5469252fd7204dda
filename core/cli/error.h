/*
 * error.h - the program's own error record (libgit2's CLI keeps its own
 * too): what went wrong, filled by the program's checks or taken from a
 * library call (cli_err_take), printed once by main.c.  The codes are the
 * library's MIGRATOR_E*.
 */
#ifndef CLI_ERROR_H
#define CLI_ERROR_H

#include <stdarg.h>

#include <migrator/migrator.h>

struct cli_err {
	int code; /* 0: no error */
	char *message, *detail, *hint;
	char *file;     /* a file the error is about, or NULL */
	unsigned line;  /* its line, or 0 */
	char *revision; /* NULL when none */
	char *sqlstate; /* NULL when none */
};
#define CLI_ERR_INIT {0, NULL, NULL, NULL, NULL, 0, NULL, NULL}

/* Sets code and message unless e already holds an error (the first one
 * wins); returns code. */
int cli_err_set(struct cli_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The optional parts; each leaves a part that is set alone. */
void cli_err_detail(struct cli_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_err_hint(struct cli_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_err_locate(struct cli_err *e, const char *file, unsigned line);
/* Frees the strings; e is then empty (CLI_ERR_INIT). */
void cli_err_clear(struct cli_err *e);

#endif
