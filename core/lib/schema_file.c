/*
 * schema_file.c - the committed schema file (the options' schema_file):
 * after a run that changed the database, its dump replaces the file, so
 * that the file in version control always shows the schema the
 * migrations build (dbmate's schema.sql, without pg_dump).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "runner_int.h"
#include "file_io.h"

int mg_runner_dump_to(mg_runner *r, const char *path, mg_diag *d)
{
	char *text = NULL;
	int rc = mg_runner_dump(&text, r, d);

	if (!rc)
		rc = mg_file_replace(path, text, strlen(text), d);
	free(text);
	return rc;
}

int mg_runner_write_schema_file(mg_runner *r, mg_diag *d)
{
	char *info;
	int rc;

	if (!r->schema_file)
		return 0;
	rc = mg_runner_dump_to(r, r->schema_file, d);
	if (rc) {
		mg_diag_hint(d, "The database did change; write the schema "
				"file again with `migrator dump -o %s`.",
			     r->schema_file);
		return rc;
	}
	info = mg_strdup_printf("wrote the schema file %s", r->schema_file);
	if (info)
		mg_runner_event(r, MIGRATOR_EVENT_INFO, NULL, 0, info, NULL);
	free(info);
	return 0;
}
