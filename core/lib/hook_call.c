/*
 * hook_call.c - the host callbacks of <migrator/hook.h> and the calls into
 * the loaded hook plugins.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hook_int.h"

/* Lines go out whole and one at a time: a plugin's newline would let it
 * fake a line of the program's own output, so it becomes a space. */
static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

static void emit(struct migrator_hook_ctx *c, int warning, char *text)
{
	if (!text)
		return; /* out of memory: a lost line is all we can do */
	one_line(text);
	if (c->set->emit)
		c->set->emit(c->set->payload, c->name, warning, text);
	free(text);
}

/* The host callbacks format like printf (clang's -Wformat-nonliteral
 * needs to know that about their va_list use). */
#define HOST_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
static void host_warn(struct migrator_hook_ctx *c, const char *file,
		      unsigned line, const char *fmt, ...) HOST_PRINTF(4, 5);
static void host_info(struct migrator_hook_ctx *c, const char *fmt, ...)
	HOST_PRINTF(2, 3);

static void host_warn(struct migrator_hook_ctx *c, const char *file,
		      unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *msg, *text;

	va_start(ap, fmt);
	msg = mg_strdup_vprintf(fmt, ap);
	va_end(ap);
	c->set->warnings++;
	if (!msg)
		return;
	if (file && line)
		text = mg_strdup_printf("%s:%u: %s: %s", file, line, c->name,
					msg);
	else if (file)
		text = mg_strdup_printf("%s: %s: %s", file, c->name, msg);
	else
		text = mg_strdup_printf("%s: %s", c->name, msg);
	free(msg);
	emit(c, 1, text);
}

static void host_info(struct migrator_hook_ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = mg_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (!msg)
		return;
	emit(c, 0, mg_strdup_printf("%s: %s", c->name, msg));
	free(msg);
}

static const struct migrator_hook_host host = {
	.abi_major = MIGRATOR_HOOK_ABI_MAJOR,
	.abi_minor = MIGRATOR_HOOK_ABI_MINOR,
	.size = sizeof(struct migrator_hook_host),
	.warn = host_warn,
	.info = host_info,
	/* errors: the diag functions, as for drivers */
	.diag_set = mg_diag_set,
	.diag_detail = mg_diag_detail,
	.diag_hint = mg_diag_hint,
};

const struct migrator_hook_host *mg_hook_host(void)
{
	return &host;
}

int mg_hooks_take_fail(struct migrator_hook_ctx *c, mg_diag *pd,
		       int rc, mg_diag *d)
{
	int code = pd->code == MIGRATOR_ENOMEM ? MIGRATOR_ENOMEM
					       : MIGRATOR_EPLUGIN;

	if (!pd->message) {
		/* a plugin that failed without saying why */
		mg_diag_set(d, code, "hook plugin %s failed (code %d) "
					   "without a message", c->name, rc);
		return code;
	}
	/* one line: a newline would let it fake a line of our output */
	one_line(pd->message);
	mg_diag_set(d, code, "%s: %s", c->name, pd->message);
	if (pd->detail)
		mg_diag_detail(d, "%s", pd->detail);
	if (pd->hint)
		mg_diag_hint(d, "%s", pd->hint);
	return code;
}

/* After a callback of c returned rc with pd: the run's error, or 0. */
static int outcome(struct migrator_hook_ctx *c, int rc, mg_diag *pd,
		   mg_diag *d)
{
	if (rc < 0 || pd->code)
		rc = mg_hooks_take_fail(c, pd, rc ? rc : pd->code, d);
	else if (rc > 0)
		rc = mg_hooks_take_fail(c, pd, rc, d);
	mg_diag_clear(pd);
	return rc;
}

int mg_hooks_before_run(struct mg_hooks *h, const struct migrator_hook_run *run,
			mg_diag *d)
{
	for (size_t i = 0; i < h->n; i++) {
		struct migrator_hook_ctx *c = h->v[i];
		mg_diag pd = MG_DIAG_INIT;
		int rc = 0;

		if (c->hook->before_run)
			rc = c->hook->before_run(c->self, c, run, &pd);
		rc = outcome(c, rc, &pd, d);
		if (rc)
			return rc;
	}
	return 0;
}

int mg_hooks_before_step(struct mg_hooks *h,
			 const struct migrator_hook_step *step,
			 mg_diag *d)
{
	for (size_t i = 0; i < h->n; i++) {
		struct migrator_hook_ctx *c = h->v[i];
		mg_diag pd = MG_DIAG_INIT;
		int rc = 0;

		if (c->hook->before_step)
			rc = c->hook->before_step(c->self, c, step, &pd);
		rc = outcome(c, rc, &pd, d);
		if (rc)
			return rc;
	}
	return 0;
}

/* Every plugin sees the step, also after one of them failed. */
int mg_hooks_after_step(struct mg_hooks *h,
			const struct migrator_hook_step *step,
			mg_diag *d)
{
	int first = 0;

	for (size_t i = 0; i < h->n; i++) {
		struct migrator_hook_ctx *c = h->v[i];
		mg_diag pd = MG_DIAG_INIT;
		int rc = 0;

		if (c->hook->after_step)
			rc = c->hook->after_step(c->self, c, step, &pd);
		rc = outcome(c, rc, &pd, d);
		if (rc && !first)
			first = rc;
	}
	return first;
}

void mg_hooks_after_run(struct mg_hooks *h, const struct migrator_hook_run *run,
			int ok, const char *error)
{
	for (size_t i = 0; i < h->n; i++) {
		struct migrator_hook_ctx *c = h->v[i];

		if (c->hook->after_run)
			c->hook->after_run(c->self, c, run, ok, error);
	}
}
