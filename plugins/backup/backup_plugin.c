/*
 * backup_plugin.c - the backup hook plugin: before a run that changes a
 * SQLite database, an online copy of its file, named with the stamped
 * revision and the time; the last `keep` copies are kept.  On any other
 * backend it says that it does nothing, and why.
 *
 * Options (--plugin backup:keep=3,dir=backups or [plugin.backup]):
 *   keep=N   copies of one database file to keep (default 5, at least 1)
 *   dir=DIR  where they go (default: beside the database file); a
 *            relative DIR is relative to the database file's directory
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backup.h"

static int set_option(struct backup *b, const char *key, const char *value,
		      struct migrator_diag *d)
{
	if (strcmp(key, "keep") == 0) {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(value, &end, 10);
		if (!*value || *end || errno || value[0] == '-' || v < 1 ||
		    v > 100000)
			return b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "bad keep=%s: expected a "
					     "number of backups, at least 1",
					     value);
		b->keep = (unsigned)v;
		return 0;
	}
	if (strcmp(key, "dir") == 0) {
		if (!*value)
			return b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "empty dir=");
		free(b->dir);
		b->dir = strdup(value);
		if (!b->dir)
			return b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "out of memory");
		return 0;
	}
	b->host->diag_hint(d, "backup knows keep=N and dir=DIR.");
	return b->host->diag_set(d, MIGRATOR_PLUGIN_ECONFIG,
				 "unknown option \"%s\"", key);
}

static void backup_destroy(void *self)
{
	struct backup *b = self;

	if (!b)
		return;
	free(b->dir);
	free(b->last);
	free(b);
}

/* "base", the one stamped revision, or several joined by '+'. */
static char *current_rev(const struct migrator_hook_run *run)
{
	size_t n = 1;
	char *s;

	if (run->n_current == 0)
		return strdup("base");
	for (size_t i = 0; i < run->n_current; i++)
		n += strlen(run->current[i]) + 1;
	s = malloc(n);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < run->n_current; i++) {
		if (i)
			strcat(s, "+");
		strcat(s, run->current[i]);
	}
	return s;
}

static int before_run(void *self, struct migrator_hook_ctx *ctx,
		      const struct migrator_hook_run *run,
		      struct migrator_diag *d)
{
	struct backup *b = self;
	const char *why;
	char *path = NULL, *rev = NULL;
	struct stat st;
	int rc;

	free(b->last);
	b->last = NULL;
	if (run->flags & (MIGRATOR_HOOK_RUN_DRY | MIGRATOR_HOOK_RUN_LINT))
		return 0; /* nothing will change */
	if (strcmp(run->backend, "sqlite") != 0) {
		b->host->info(ctx, "does nothing on %s: it copies SQLite "
			      "database files only, and a server database is "
			      "no file to copy; back it up with the server's "
			      "own tools (pg_dump, base backups)",
			      run->backend);
		return 0;
	}
	if (run->n_steps == 0)
		return 0; /* nothing to run, nothing changes */
	if (backup_url_path(&path, &why, run->url) != 0)
		return b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "cannot tell the database file: %s",
				     why);
	if (!path) {
		b->host->info(ctx, "in-memory database: nothing to back up");
		return 0;
	}
	if (stat(path, &st) != 0 || st.st_size == 0) {
		/* created for this run: there is nothing to lose yet */
		b->host->info(ctx, "new database %s: nothing to back up",
			      path);
		free(path);
		return 0;
	}
	rev = current_rev(run);
	if (!rev) {
		free(path);
		return b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "out of memory");
	}
	rc = backup_take(b, ctx, path, rev, &b->last, d);
	if (rc == 0)
		b->host->info(ctx, "copied %s (at %s) to %s", path, rev,
			      b->last);
	free(path);
	free(rev);
	return rc;
}

static void after_run(void *self, struct migrator_hook_ctx *ctx,
		      const struct migrator_hook_run *run, int ok,
		      const char *error)
{
	struct backup *b = self;

	(void)run;
	(void)error;
	if (!ok && b->last)
		b->host->info(ctx, "the database as it was before this run is "
			      "in %s",
			      b->last);
}

static const struct migrator_hook hook = {
	.abi_major = MIGRATOR_HOOK_ABI_MAJOR,
	.abi_minor = MIGRATOR_HOOK_ABI_MINOR,
	.size = sizeof(struct migrator_hook),
	.name = "backup",
	.before_run = before_run,
	.after_run = after_run,
};

/* Runs only once the host has checked the descriptor: the host is of
 * this hook ABI major. */
static const struct migrator_hook *backup_create(
	const struct migrator_hook_host *host, struct migrator_hook_ctx *ctx,
	const struct migrator_hook_config *cfg, void **self,
	struct migrator_diag *d)
{
	struct backup *b;

	(void)ctx;
	*self = NULL;
	b = calloc(1, sizeof(*b));
	if (!b) {
		host->diag_set(d, MIGRATOR_PLUGIN_ENOMEM, "out of memory");
		return NULL;
	}
	b->host = host;
	b->keep = BACKUP_DEFAULT_KEEP;
	for (size_t i = 0; i < cfg->n_options; i++)
		if (set_option(b, cfg->keys[i], cfg->values[i], d) != 0) {
			backup_destroy(b);
			return NULL;
		}
	*self = b;
	return &hook;
}

/* The one exported symbol, checked by the host before backup_create. */
MIGRATOR_HOOK_MODULE("backup", backup_create, backup_destroy);
