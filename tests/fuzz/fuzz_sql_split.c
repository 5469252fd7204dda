/*
 * fuzz_sql_split.c - the SQL statement splitter (mg_sql_split).
 *
 * Besides not crashing: statements come in order, do not overlap, lie
 * inside the input, start on a non-blank byte, and carry the line they
 * start on; an error names a line of the input.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "sql_split.h"

static unsigned newlines(const uint8_t *p, size_t n)
{
	unsigned c = 0;

	for (size_t i = 0; i < n; i++)
		c += p[i] == '\n';
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_stmts st = MG_STMTS_INIT;
	mg_diag d = MG_DIAG_INIT;
	size_t end = 0;
	int rc;

	rc = mg_sql_split(&st, (const char *)data, size, &d);
	if (rc != 0) {
		FUZZ_CHECK(rc == d.code);
		FUZZ_CHECK(rc == MIGRATOR_ESCRIPT || rc == MIGRATOR_ENOMEM);
		FUZZ_CHECK_MESSAGE(d.message);
		if (rc == MIGRATOR_ESCRIPT)
			FUZZ_CHECK(d.line >= 1 &&
				   d.line <= newlines(data, size) + 1);
	} else {
		FUZZ_CHECK(d.code == 0);
	}
	for (size_t i = 0; i < st.n; i++) {
		const struct mg_stmt *s = &st.v[i];

		FUZZ_CHECK(s->len > 0);
		FUZZ_CHECK(s->off >= end && s->off + s->len <= size);
		FUZZ_CHECK(!strchr(" \t\r\n\f\v", data[s->off]) ||
			   data[s->off] == '\0');
		FUZZ_CHECK(s->line == newlines(data, s->off));
		/* Every statement but the last runs up to its ';'. */
		FUZZ_CHECK(i + 1 == st.n || data[s->off + s->len] == ';');
		end = s->off + s->len;
	}
	mg_stmts_free(&st);
	mg_diag_clear(&d);
	return 0;
}
