/*
 * fuzz_script_parse.c - the migration file parser (mg_script_parse), and
 * the splitter over every section it returns, as the runner uses them.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "fuzz.h"
#include "script_parse.h"
#include "sql_split.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_arena arena = MG_ARENA_INIT;
	struct mg_script s;
	mg_diag d = MG_DIAG_INIT;
	int rc;

	rc = mg_script_parse(&s, &arena, "fuzz.sql", (const char *)data,
			     size, &d);
	if (rc != 0) {
		FUZZ_CHECK(rc == d.code);
		FUZZ_CHECK(rc == MIGRATOR_ESCRIPT || rc == MIGRATOR_ENOMEM);
		FUZZ_CHECK_MESSAGE(d.message);
		if (rc == MIGRATOR_ESCRIPT) {
			FUZZ_CHECK(d.file && strcmp(d.file, "fuzz.sql") == 0);
			FUZZ_CHECK(d.line >= 1);
		}
		FUZZ_CHECK(s.revision == NULL && s.n_sections == 0);
		goto out;
	}
	FUZZ_CHECK(d.code == 0);
	FUZZ_CHECK(s.revision &&
		   mg_revision_id_valid(s.revision, strlen(s.revision)));
	FUZZ_CHECK(s.message != NULL);
	for (size_t i = 0; i < s.n_down_revisions; i++)
		FUZZ_CHECK(mg_revision_id_valid(s.down_revisions[i],
						strlen(s.down_revisions[i])));
	for (size_t i = 0; i < s.n_depends_on; i++)
		FUZZ_CHECK(mg_revision_id_valid(s.depends_on[i],
						strlen(s.depends_on[i])));
	for (size_t i = 0; i < s.n_sections; i++) {
		const struct migrator_section *sec = &s.sections[i];
		struct mg_stmts st = MG_STMTS_INIT;
		mg_diag sd = MG_DIAG_INIT;

		FUZZ_CHECK(sec->sql && strlen(sec->sql) == sec->len);
		FUZZ_CHECK(sec->len <= size);
		FUZZ_CHECK(sec->line >= 1);
		rc = mg_sql_split_section(&st, "fuzz.sql", sec, &sd);
		if (rc != 0) {
			FUZZ_CHECK(rc == MIGRATOR_ESCRIPT ||
				   rc == MIGRATOR_ENOMEM);
			FUZZ_CHECK_MESSAGE(sd.message);
			/* the error names a line of the section */
			if (rc == MIGRATOR_ESCRIPT)
				FUZZ_CHECK(sd.line >= sec->line);
		}
		for (size_t j = 0; j < st.n; j++)
			FUZZ_CHECK(st.v[j].off + st.v[j].len <= sec->len);
		mg_stmts_free(&st);
		mg_diag_clear(&sd);
	}
out:
	mg_diag_clear(&d);
	mg_arena_free(&arena);
	return 0;
}
