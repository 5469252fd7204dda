/*
 * hello_hook.c - a third party's hook plugin, built by out_of_tree.sh
 * against nothing but the installed <migrator/hook.h>:
 *
 *   cc -shared -fPIC -I$PREFIX/include -o hello.so hello_hook.c
 *
 * It writes one line per callback to the file of its option log=PATH, says
 * hello through info() and warn(), and with fail_at=REV stops the run
 * before revision REV through diag_set().  Built with -DHELLO_ABI_MAJOR=N
 * its descriptor claims another ABI major, which the host must refuse
 * before create() runs: that create() aborts.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <migrator/hook.h>


struct hello {
	const struct migrator_hook_host *host;
	FILE *log;
	char *fail_at;
};

static int before_run(void *self, struct migrator_hook_ctx *ctx,
		      const struct migrator_hook_run *run,
		      struct migrator_diag *d)
{
	struct hello *h = self;

	(void)d;
	fprintf(h->log, "before_run %s %s %s steps=%zu current=%zu%s\n",
		run->direction, run->backend, run->url ? run->url : "-",
		run->n_steps, run->n_current,
		run->flags & MIGRATOR_HOOK_RUN_DRY ? " dry" : "");
	for (size_t i = 0; i < run->n_steps; i++) {
		const struct migrator_hook_step *s = &run->steps[i];

		fprintf(h->log, "  step %s %s line=%u stmts=%zu tx=%d %s\n",
			s->revision, s->message, s->line, s->n_stmts,
			s->transactional, s->path);
		if (s->n_stmts)
			h->host->warn(ctx, s->path, s->stmts[0].line,
				      "first statement has %zu bytes",
				      s->stmts[0].len);
	}
	h->host->info(ctx, "hello, %zu step(s) to go", run->n_steps);
	return 0;
}

static int before_step(void *self, struct migrator_hook_ctx *ctx,
		       const struct migrator_hook_step *step,
		       struct migrator_diag *d)
{
	struct hello *h = self;

	(void)ctx;
	fprintf(h->log, "before_step %s\n", step->revision);
	if (h->fail_at && strcmp(h->fail_at, step->revision) == 0) {
		h->host->diag_hint(d, "Ask hello.");
		return h->host->diag_set(d, MIGRATOR_HOOK_FAIL, "not past %s",
					 step->revision);
	}
	return 0;
}

static int after_step(void *self, struct migrator_hook_ctx *ctx,
		      const struct migrator_hook_step *step,
		      struct migrator_diag *d)
{
	struct hello *h = self;

	(void)ctx;
	(void)d;
	fprintf(h->log, "after_step %s ok=%d\n", step->revision, step->ok);
	return 0;
}

static void after_run(void *self, struct migrator_hook_ctx *ctx,
		      const struct migrator_hook_run *run, int ok,
		      const char *error)
{
	struct hello *h = self;

	(void)ctx;
	(void)run;
	fprintf(h->log, "after_run ok=%d%s%s\n", ok, error ? " " : "",
		error ? error : "");
}

static void hello_destroy(void *self)
{
	struct hello *h = self;

	fprintf(h->log, "destroy\n");
	fclose(h->log);
	free(h->fail_at);
	free(h);
}

static const struct migrator_hook hook = {
	.abi_major = MIGRATOR_HOOK_ABI_MAJOR,
	.abi_minor = MIGRATOR_HOOK_ABI_MINOR,
	.size = sizeof(struct migrator_hook),
	.name = "hello",
	.before_run = before_run,
	.before_step = before_step,
	.after_step = after_step,
	.after_run = after_run,
};

static const struct migrator_hook *hello_create(
	const struct migrator_hook_host *host, struct migrator_hook_ctx *ctx,
	const struct migrator_hook_config *cfg, void **self,
	struct migrator_diag *d)
{
	struct hello *h;
	const char *log = NULL;

	(void)ctx;
#ifdef HELLO_ABI_MAJOR
	/* The ABI test: the host must refuse the descriptor first. */
	abort();
#endif
	h = calloc(1, sizeof(*h));
	if (!h) {
		host->diag_set(d, MIGRATOR_PLUGIN_ENOMEM, "out of memory");
		return NULL;
	}
	h->host = host;
	for (size_t i = 0; i < cfg->n_options; i++) {
		if (strcmp(cfg->keys[i], "log") == 0) {
			log = cfg->values[i];
		} else if (strcmp(cfg->keys[i], "fail_at") == 0) {
			free(h->fail_at);
			h->fail_at = strdup(cfg->values[i]);
		} else {
			host->diag_set(d, MIGRATOR_PLUGIN_ECONFIG,
				       "unknown option \"%s\"", cfg->keys[i]);
			free(h->fail_at);
			free(h);
			return NULL;
		}
	}
	if (!log || !(h->log = fopen(log, "a"))) {
		host->diag_set(d, MIGRATOR_PLUGIN_ECONFIG,
			       "needs log=PATH, a file it can write");
		free(h->fail_at);
		free(h);
		return NULL;
	}
	fprintf(h->log, "create %s strict=%d\n", cfg->name, cfg->strict);
	*self = h;
	return &hook;
}

#ifndef HELLO_ABI_MAJOR
MIGRATOR_HOOK_MODULE("hello", hello_create, hello_destroy);
#else
/* By hand, as MIGRATOR_HOOK_MODULE would, but with another major. */
extern const struct migrator_hook_module migrator_module;
const struct migrator_hook_module migrator_module = {
	{MIGRATOR_MODULE_MAGIC, MIGRATOR_MODULE_HOOK, HELLO_ABI_MAJOR,
	 MIGRATOR_HOOK_ABI_MINOR, 0, sizeof(struct migrator_hook_module),
	 "hello"},
	hello_create, hello_destroy};
#endif
