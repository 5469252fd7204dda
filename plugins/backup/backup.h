/*
 * backup.h - what the files of the backup hook plugin share.
 */
#ifndef BACKUP_H
#define BACKUP_H

#include <stddef.h>

#include <migrator/hook.h>

#define BACKUP_DEFAULT_KEEP 5

struct backup {
	const struct migrator_hook_host *host;
	unsigned keep;     /* backups of one database file to keep, >= 1 */
	char *dir;         /* NULL: next to the database file */
	char *last;        /* the backup this run took, or NULL */
};

/*
 * backup_url.c: the database file of a sqlite: URL (the forms of the
 * SQLite driver, DESIGN 4).  0 and *path malloc'd; 0 and *path NULL for an
 * in-memory database; -1 (with *why) for a URL the driver would refuse.
 */
int backup_url_path(char **path, const char **why, const char *url);

/*
 * backup_copy.c: copies the SQLite database at db with the online backup
 * API into dir (NULL: db's directory; relative: to db's directory) as
 * "FILE.YYYYMMDDTHHMMSSmmmZ.REV.backup", REV being rev with anything but
 * [A-Za-z0-9_-+] made '_'.  Then deletes the oldest such backups of FILE
 * beyond keep (saying so through ctx when it cannot).  *out (malloc'd) is
 * the backup's path.  On failure returns a negative code after
 * host->diag_set(d, ...).
 */
int backup_take(struct backup *b, struct migrator_hook_ctx *ctx,
		const char *db, const char *rev, char **out,
		struct migrator_diag *d);

#endif
