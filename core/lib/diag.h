/*
 * diag.h - how libmigrator reports errors.
 *
 * Every fallible function returns 0 or a negative MIGRATOR_E* code and fills
 * a caller-owned struct migrator_diag.  The first error wins: a function that
 * finds d->code already set leaves the message alone and may only fill
 * location fields that are still empty.  libmigrator never prints.
 */
#ifndef MG_DIAG_H
#define MG_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include <migrator/migrator.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The error codes (enum migrator_error, MIGRATOR_E*) are those of the
 * public API, defined once in migrator.h.  core/cli/exit.c maps them to
 * exit statuses (DESIGN 7). */

/*
 * A diagnostic.  All strings are owned by the diag (malloc'd) and released
 * by mg_diag_clear().  message is one line, lower-case, no final
 * period.  detail and hint are full sentences (often the database's own).
 */
struct migrator_diag {
	int code;
	char *message;
	char *detail;
	char *hint;
	char *file;     /* file the error is about, or NULL */
	unsigned line;  /* line in file, 0 if none */
	char *revision; /* revision the error is about, or NULL */
	char sqlstate[6]; /* PostgreSQL SQLSTATE, "" if none */
};
typedef struct migrator_diag mg_diag;

#define MG_DIAG_INIT {0, NULL, NULL, NULL, NULL, 0, NULL, ""}

void mg_diag_init(mg_diag *d);
void mg_diag_clear(mg_diag *d);

/* Sets code and message unless d already holds an error; returns code. */
int mg_diag_set(mg_diag *d, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int mg_diag_vset(mg_diag *d, int code, const char *fmt,
		       va_list ap) __attribute__((format(printf, 3, 0)));

/* Fill optional parts; each does nothing if that part is already set. */
void mg_diag_detail(mg_diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mg_diag_vdetail(mg_diag *d, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void mg_diag_hint(mg_diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mg_diag_vhint(mg_diag *d, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void mg_diag_locate(mg_diag *d, const char *file, unsigned line);
void mg_diag_revision(mg_diag *d, const char *revision);
void mg_diag_sqlstate(mg_diag *d, const char *sqlstate);
/* The database's error cause as d's detail ("message (SQLSTATE x).
 * detail"), with its hint and SQLSTATE; for an error that d words
 * itself ("statement failed in ..."). */
void mg_diag_cause(mg_diag *d, const mg_diag *cause);

#ifdef __cplusplus
}
#endif
#endif
