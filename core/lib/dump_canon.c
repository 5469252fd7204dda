/*
 * dump_canon.c - a dump in its canonical form: the text that a database
 * built from it dumps again.
 *
 * A database does not always print an expression the way it reads it
 * back.  PostgreSQL prints CHECK (period IN ('daily', 'weekly')) on a
 * varchar column as "= ANY ((ARRAY['daily'::character varying, ...])::
 * text[])", which it reads back as another tree, printed with the casts
 * inside the array.  A database built from a dump would then dump
 * differently from the one dumped, and a schema file written from a
 * loaded database would differ from one written after the migrations,
 * for the same schema.  So the dump is loaded into a scratch database
 * (scratch.c, as `check` makes one) and dumped again, until the text
 * stops changing: once in practice, MG_DUMP_ROUNDS times at most.  On
 * SQLite, whose dump is the text the objects were made with, the first
 * round gives the same text back.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "runner_int.h"
#include "scratch.h"

#define MG_DUMP_ROUNDS 3

/* One round: b's text loaded into a scratch database, dumped into out. */
static int round_trip(struct mg_buf *out, mg_runner *r,
		      const struct mg_buf *b, mg_diag *d)
{
	struct migrator_conn *sc = NULL;
	int rc = mg_scratch_open(&sc, r, d);

	if (!rc)
		rc = mg_load_text(r, sc, "(the dump)", b->ptr, b->len, d);
	if (!rc)
		rc = mg_dump_text(out, r, sc, d);
	return mg_scratch_close(r, sc, rc, d);
}

int mg_dump_canonical(struct mg_buf *b, mg_runner *r, mg_diag *d)
{
	int rc = 0;

	if (!MG_DRV_HAS(r->drv, scratch_connect))
		return 0; /* nowhere to load it: as it is */
	for (int i = 0; !rc && i < MG_DUMP_ROUNDS; i++) {
		struct mg_buf again = MG_BUF_INIT;
		int same;

		rc = round_trip(&again, r, b, d);
		same = !rc && again.len == b->len &&
		       memcmp(again.ptr, b->ptr, b->len) == 0;
		if (!rc) {
			mg_buf_free(b);
			*b = again;
		} else {
			mg_buf_free(&again);
		}
		if (same)
			break;
	}
	return rc;
}
