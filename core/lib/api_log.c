/*
 * api_log.c - the public facade's log: the callback an application sets,
 * and the runner's events turned into its log records
 * (<migrator/migrator.h>).  api.c hands mg_api_on_event to the runner.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "buf.h"

void migrator_set_log_callback(migrator_ctx *ctx, migrator_log_fn fn,
			       void *user)
{
	if (!ctx)
		return;
	ctx->log_fn = fn;
	ctx->log_user = user;
}

static void put_revs(struct mg_buf *b, struct migrator_revision *const *v,
		     size_t n)
{
	if (n == 0)
		mg_buf_puts(b, "<base>");
	for (size_t i = 0; i < n; i++) {
		if (i)
			mg_buf_puts(b, ", ");
		mg_buf_puts(b, v[i]->id);
	}
}

/* "upgrade PARENTS -> ID  message  (N ms)" or "downgrade ID -> PARENTS
 * ...": the revision's own links, as the migrator program prints them. */
static void step_text(struct mg_buf *b, const struct migrator_event *ev)
{
	const struct migrator_step *st = ev->step;
	const struct migrator_revision *r = st->rev;

	if (st->direction == MIGRATOR_UPGRADE) {
		mg_buf_puts(b, "upgrade ");
		put_revs(b, r->parents, r->n_parents);
		mg_buf_printf(b, " -> %s", r->id);
	} else {
		mg_buf_printf(b, "downgrade %s -> ", r->id);
		put_revs(b, r->parents, r->n_parents);
	}
	if (r->script->message[0])
		mg_buf_printf(b, "  %s", r->script->message);
	if (ev->type == MIGRATOR_EVENT_STEP_DONE)
		mg_buf_printf(b, "  (%lu ms)", ev->elapsed_ms);
}

void mg_api_on_event(const struct migrator_event *ev, void *payload)
{
	migrator_ctx *ctx = payload;
	struct migrator_log_record rec;
	struct mg_buf b = MG_BUF_INIT;

	if (!ctx->log_fn)
		return;
	memset(&rec, 0, sizeof(rec));
	switch (ev->type) {
	case MIGRATOR_EVENT_STEP_START:
	case MIGRATOR_EVENT_STEP_DONE:
		rec.kind = ev->type == MIGRATOR_EVENT_STEP_START
				   ? MIGRATOR_LOG_STEP_START
				   : MIGRATOR_LOG_STEP_DONE;
		rec.revision = ev->step->rev->id;
		rec.direction = ev->step->direction == MIGRATOR_UPGRADE
					? "upgrade"
					: "downgrade";
		rec.message = ev->step->rev->script->message;
		if (ev->type == MIGRATOR_EVENT_STEP_DONE)
			rec.elapsed_ms = ev->elapsed_ms;
		step_text(&b, ev);
		/* Out of memory: the record still goes out, with "". */
		rec.text = mg_buf_cstr(&b);
		break;
	case MIGRATOR_EVENT_NOTICE:
		rec.kind = MIGRATOR_LOG_NOTICE;
		rec.text = ev->text ? ev->text : "";
		break;
	case MIGRATOR_EVENT_INFO:
		rec.kind = MIGRATOR_LOG_INFO;
		rec.text = ev->text ? ev->text : "";
		rec.plugin = ev->plugin;
		break;
	case MIGRATOR_EVENT_WARNING:
	default:
		rec.kind = MIGRATOR_LOG_WARNING;
		rec.text = ev->text ? ev->text : "";
		rec.plugin = ev->plugin;
		break;
	}
	ctx->log_fn(&rec, ctx->log_user);
	mg_buf_free(&b);
}

