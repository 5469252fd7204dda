/*
 * api_import.c - the public facade of `migrator import` and `migrator
 * adopt` (issue 17; <migrator/migrator.h>).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "adopt.h"
#include "api_int.h"
#include "buf.h"
#include "import.h"

typedef int (*parser)(struct mg_import *im, const char *src, mg_diag *d);

static const struct {
	const char *name;
	parser fn;
} formats[] = {
	{"dbmate", mg_import_dbmate},
	{"golang-migrate", mg_import_golang},
	{"flyway", mg_import_flyway},
	{"sqitch", mg_import_sqitch},
};

/* The summary lines as one text, each ending in "\n" (malloc'd). */
static int join(char **out, const mg_strvec *lines, mg_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;

	for (size_t i = 0; i < lines->n; i++)
		if (mg_buf_printf(&b, "%s\n", lines->v[i]) < 0) {
			mg_buf_free(&b);
			return mg_diag_set(d, MIGRATOR_ENOMEM,
					   "out of memory");
		}
	*out = mg_buf_detach(&b);
	if (!*out && !(*out = strdup("")))
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	return 0;
}

static int unknown_format(mg_diag *d, const char *format)
{
	mg_diag_set(d, MIGRATOR_EUSAGE, "unknown format \"%s\"",
		    format ? format : "");
	mg_diag_hint(d, "The formats are dbmate, golang-migrate, flyway, "
			"sqitch and alembic.");
	return MIGRATOR_EUSAGE;
}

int migrator_import(migrator_ctx *ctx, const char *format, const char *src,
		    const char *dir, char **summary_out)
{
	struct mg_import im = MG_IMPORT_INIT;
	mg_strvec lines = MG_STRVEC_INIT;
	parser fn = NULL;
	int rc;

	if (summary_out)
		*summary_out = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	for (size_t i = 0; format && i < sizeof(formats) / sizeof(*formats);
	     i++)
		if (strcmp(format, formats[i].name) == 0) {
			fn = formats[i].fn;
			im.format = formats[i].name;
		}
	if (!fn)
		rc = unknown_format(&ctx->diag, format);
	else if (!src || !*src)
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "no source directory given");
	if (!rc)
		rc = fn(&im, src, &ctx->diag);
	if (!rc)
		rc = mg_import_finish(&im, &ctx->diag);
	if (!rc)
		rc = mg_import_write(&im, dir ? dir
					      : mg_runner_migrations(ctx->runner),
				     &lines, &ctx->diag);
	if (!rc) {
		mg_runner_graph_changed(ctx->runner);
		if (summary_out)
			rc = join(summary_out, &lines, &ctx->diag);
	}
	mg_strvec_clear(&lines);
	mg_import_clear(&im);
	return mg_api_end(ctx, rc);
}

int migrator_adopt(migrator_ctx *ctx, const char *format, const char *table,
		   unsigned flags, char **summary_out)
{
	mg_strvec lines = MG_STRVEC_INIT;
	int changed = 0, rc;

	if (summary_out)
		*summary_out = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	if (flags & ~MIGRATOR_ADOPT_DRY_RUN)
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "unknown adopt flags 0x%x",
				 flags & ~MIGRATOR_ADOPT_DRY_RUN);
	else if (!format)
		rc = unknown_format(&ctx->diag, format);
	else
		rc = mg_adopt(ctx->runner, format,
			      table && *table ? table : NULL,
			      (flags & MIGRATOR_ADOPT_DRY_RUN) != 0, &lines,
			      &changed, &ctx->diag);
	if (!rc && changed)
		rc = mg_runner_write_schema_file(ctx->runner, &ctx->diag);
	if (!rc && summary_out)
		rc = join(summary_out, &lines, &ctx->diag);
	mg_strvec_clear(&lines);
	return mg_api_end(ctx, rc);
}
