/*
 * fleet_preload.c - fleets (issue 18): the drivers loaded once, in the
 * parent, before any child starts.
 *
 * Each child opens its target as a single run would, and that dlopen()s
 * the target's driver.  Loading a driver (libpq and its libraries) costs
 * more instructions than the rest of a small migration run: callgrind put
 * 90% of a child's on dlopen() relocating them.  A child forked from a
 * parent that has the driver loaded finds it there, and its dlopen() only
 * counts a reference.  The parent keeps one context per URL scheme open,
 * without connecting, until the children are done.  Nothing here can
 * fail the run: a target whose driver does not load says so itself.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fleet.h"

/* the length of url's scheme ("postgresql" in "postgresql://..."); 0:
 * none */
static size_t scheme_len(const char *url)
{
	const char *colon = url ? strchr(url, ':') : NULL;

	return colon ? (size_t)(colon - url) : 0;
}

static int seen(const struct cli_targets *t, size_t upto, const char *url)
{
	size_t n = scheme_len(url);

	for (size_t i = 0; i < upto; i++)
		if (scheme_len(t->v[i].url) == n &&
		    strncmp(t->v[i].url, url, n) == 0)
			return 1;
	return 0;
}

void cli_fleet_preload(struct fleet *f)
{
	const struct cli_targets *t = &f->targets;

	f->preloaded = calloc(t->n, sizeof(*f->preloaded));
	if (!f->preloaded)
		return;
	for (size_t i = 0; i < t->n; i++) {
		struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
		migrator_ctx *ctx = NULL;

		if (!scheme_len(t->v[i].url) || seen(t, i, t->v[i].url))
			continue;
		o.url = t->v[i].url;
		o.migrations = f->cli->set.migrations;
		o.plugin_dir = f->cli->set.plugin_dir;
		/* not lazy: loads the driver (and the graph), connects to
		 * nothing */
		if (migrator_open_ext(&ctx, &o) == 0)
			f->preloaded[f->n_preloaded++] = ctx;
		else
			migrator_close(ctx);
	}
}

void cli_fleet_unload(struct fleet *f)
{
	for (size_t i = 0; i < f->n_preloaded; i++)
		migrator_close(f->preloaded[i]);
	free(f->preloaded);
	f->preloaded = NULL;
	f->n_preloaded = 0;
}
