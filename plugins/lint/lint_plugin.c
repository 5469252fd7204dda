/*
 * lint_plugin.c - the `lint` hook plugin: before a run, warns about the
 * risky statements of every step the run plans, for the backend in use.
 *
 * Options (--plugin lint:KEY=VALUE or [plugin.lint] in migrator.ini):
 *   strict = true|false   make findings fatal (as --strict does)
 *   ignore = RULE         turn a rule off; repeat the key for more
 *                         (lint:ignore=a,ignore=b), or separate rules
 *                         with blanks (ignore = a b in migrator.ini)
 * With strict, before_run fails when anything was found, so nothing runs
 * (`migrator lint --strict` counts the warnings and fails by itself).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lint_rules.h"
#include "migrator/hook.h"

struct lint_self {
	struct migrator_hook_host host; /* a copy: init's is only borrowed */
	int strict;
	unsigned char *ignored; /* one flag per lint_rules[] entry */
};

/* The end of the member m in a struct of type T: what size must cover. */
#define END_OF(T, m) (offsetof(T, m) + sizeof(((T *)0)->m))

static int step_lint(struct lint_self *s, struct migrator_hook_ctx *ctx,
		     enum lint_dialect dialect,
		     const struct migrator_hook_step *step, size_t *n_found)
{
	struct lint_findings f = LINT_FINDINGS_INIT;
	struct lint_section sec;
	struct lint_stmt *v;
	size_t i;
	int rc;

	if (step->size < END_OF(struct migrator_hook_step, n_stmts) ||
	    step->n_stmts == 0)
		return 0;
	v = calloc(step->n_stmts, sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i < step->n_stmts; i++) {
		v[i].sql = step->stmts[i].sql;
		v[i].len = step->stmts[i].len;
		v[i].line = step->stmts[i].line;
	}
	sec.dialect = dialect;
	sec.upgrade = step->direction && strcmp(step->direction, "upgrade") == 0;
	sec.transactional = step->transactional;
	sec.stmts = v;
	sec.n_stmts = step->n_stmts;
	rc = lint_check(&f, &sec);
	for (i = 0; rc == 0 && i < f.n; i++) {
		const struct lint_finding *x = &f.v[i];

		if (s->ignored[x->rule - lint_rules])
			continue;
		s->host.warn(ctx, step->path, x->line, "%s [%s]", x->reason,
			     x->rule->id);
		(*n_found)++;
	}
	lint_findings_free(&f);
	free(v);
	return rc;
}

static int before_run(void *self, struct migrator_hook_ctx *ctx,
		      const struct migrator_hook_run *run,
		      struct migrator_diag *d)
{
	struct lint_self *s = self;
	int dialect = lint_dialect_from_name(run->backend);
	size_t i, found = 0;

	if (dialect < 0) {
		s->host.info(ctx, "no rules for backend %s: nothing checked",
			     run->backend ? run->backend : "(none)");
		return 0;
	}
	for (i = 0; i < run->n_steps; i++)
		if (step_lint(s, ctx, (enum lint_dialect)dialect,
			      &run->steps[i], &found) < 0)
			return s->host.diag_set(d, MIGRATOR_PLUGIN_ENOMEM,
						"out of memory");
	/* `migrator lint` counts the warnings and applies --strict itself. */
	if (found && s->strict && !(run->flags & MIGRATOR_HOOK_RUN_LINT)) {
		s->host.diag_set(d, MIGRATOR_HOOK_FAIL,
				 "%zu risky statement%s found (strict)", found,
				 found == 1 ? "" : "s");
		s->host.diag_hint(d, "Fix them, or turn a rule off with "
				     "--plugin lint:ignore=RULE.");
		return MIGRATOR_HOOK_FAIL;
	}
	return 0;
}

static void lint_destroy(void *self)
{
	struct lint_self *s = self;

	if (s)
		free(s->ignored);
	free(s);
}

static const struct migrator_hook lint_hook = {
	MIGRATOR_HOOK_ABI_MAJOR,
	MIGRATOR_HOOK_ABI_MINOR,
	sizeof(struct migrator_hook),
	"lint",
	before_run,
	NULL,
	NULL,
	NULL,
};

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1", NULL};
	static const char *const no[] = {"false", "no", "off", "0", NULL};
	size_t i;

	for (i = 0; yes[i]; i++) {
		if (strcmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
	}
	for (i = 0; no[i]; i++) {
		if (strcmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* Turns off each rule named in v (separated by blanks or commas). */
static int ignore_rules(struct lint_self *s, const char *v,
			struct migrator_diag *d)
{
	while (*v) {
		size_t n = strcspn(v, " \t,"), i;
		int known = 0;

		for (i = 0; n && lint_rules[i].id; i++) {
			if (strlen(lint_rules[i].id) == n &&
			    strncmp(lint_rules[i].id, v, n) == 0) {
				s->ignored[i] = 1; /* both dialects' entries */
				known = 1;
			}
		}
		if (n && !known) {
			s->host.diag_hint(d, "The rules are listed in the "
					     "README's lint section.");
			return s->host.diag_set(d, MIGRATOR_PLUGIN_ECONFIG,
						"unknown rule \"%.*s\"",
						n > 64 ? 64 : (int)n, v);
		}
		v += n;
		v += strspn(v, " \t,");
	}
	return 0;
}

static int read_options(struct lint_self *s,
			const struct migrator_hook_config *cfg,
			struct migrator_diag *d)
{
	size_t i;

	if (cfg->size >= END_OF(struct migrator_hook_config, strict))
		s->strict = cfg->strict;
	if (cfg->size < END_OF(struct migrator_hook_config, n_options))
		return 0;
	for (i = 0; i < cfg->n_options; i++) {
		const char *k = cfg->keys[i], *v = cfg->values[i];

		if (!v)
			v = "";
		if (strcmp(k, "strict") == 0) {
			int b;

			if (parse_bool(v, &b) < 0) {
				return s->host.diag_set(
					d, MIGRATOR_PLUGIN_ECONFIG,
					"option strict wants true or false, "
					"not \"%.64s\"",
					v);
			}
			s->strict = s->strict || b;
		} else if (strcmp(k, "ignore") == 0) {
			if (ignore_rules(s, v, d) < 0)
				return -1;
		} else {
			s->host.diag_hint(d, "The lint plugin knows "
					     "strict=true|false and ignore=RULE.");
			return s->host.diag_set(d, MIGRATOR_PLUGIN_ECONFIG,
						"unknown option \"%.64s\"", k);
		}
	}
	return 0;
}

static const struct migrator_hook *lint_create(
	const struct migrator_hook_host *host, struct migrator_hook_ctx *ctx,
	const struct migrator_hook_config *cfg, void **self,
	struct migrator_diag *d)
{
	struct lint_self *s;
	size_t n = 0;

	(void)ctx;
	*self = NULL;
	/* Without these callbacks there is no way even to say why. */
	if (host->abi_major != MIGRATOR_HOOK_ABI_MAJOR ||
	    host->size < END_OF(struct migrator_hook_host, diag_hint))
		return NULL;
	s = calloc(1, sizeof(*s));
	while (lint_rules[n].id)
		n++;
	if (s)
		s->ignored = calloc(n, 1);
	if (!s || !s->ignored) {
		lint_destroy(s);
		host->diag_set(d, MIGRATOR_PLUGIN_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(&s->host, host,
	       host->size < sizeof(s->host) ? host->size : sizeof(s->host));
	if (read_options(s, cfg, d) < 0) {
		lint_destroy(s);
		return NULL;
	}
	*self = s;
	return &lint_hook;
}

/* The one exported symbol, checked by the host before lint_create runs. */
MIGRATOR_HOOK_MODULE("lint", lint_create, lint_destroy);
