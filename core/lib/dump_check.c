/*
 * dump_check.c - `dump --check`: the dump of what the migrations build,
 * made on a scratch database (scratch.c: dropped on every way out, a
 * signal included) where the migrations run from base to every head as
 * `check` runs them (check.c), with the stamp moved as a run moves it.
 * It is compared with a committed schema file by the caller.
 */
#include "config.h"

#include <stdlib.h>

#include "check.h"
#include "dump.h"
#include "runner_int.h"
#include "scratch.h"

int mg_runner_dump_expected(char **out, mg_runner *r, mg_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;
	mg_revset heads = MG_REVSET_INIT;
	struct migrator_conn *sc = NULL;
	int rc;

	*out = NULL;
	rc = mg_runner_load_graph(r, d);
	if (!rc)
		rc = mg_runner_load_plugin(r, d);
	if (!rc)
		rc = mg_dump_supported(r, "dump --check", 0, d);
	if (!rc && !MG_DRV_HAS(r->drv, scratch_connect))
		rc = mg_diag_set(d, MIGRATOR_EPLUGIN,
				 "dump --check is not supported by this "
				 "driver: it has no scratch databases");
	if (!rc && mg_graph_size(r->graph))
		rc = mg_target_resolve(&heads, r->graph, "heads", NULL, d);
	/* a server's scratch database is created through this one */
	if (!rc)
		rc = mg_runner_connect(r, 0, d);
	if (rc)
		goto out;
	rc = mg_scratch_open(&sc, r, d);
	if (!rc)
		rc = mg_check_build(r, sc, &heads, 1, d);
	if (!rc)
		rc = mg_scratch_poll(r, d);
	if (!rc)
		rc = mg_dump_text(&b, r, sc, d);
	rc = mg_scratch_close(r, sc, rc, d);
	if (!rc)
		rc = mg_dump_canonical(&b, r, d);
	if (!rc)
		*out = mg_buf_detach(&b);
out:
	mg_buf_free(&b);
	mg_revset_clear(&heads);
	return rc;
}
