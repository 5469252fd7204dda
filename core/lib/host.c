#include "config.h"

#include "check_schema.h"
#include "history_sink.h"
#include "host.h"

#include "diag.h"
#include "strvec.h"

static const struct migrator_host host = {
	.abi_major = MIGRATOR_DRIVER_ABI_MAJOR,
	.abi_minor = MIGRATOR_DRIVER_ABI_MINOR,
	.size = sizeof(struct migrator_host),
	.diag_set = mg_diag_set,
	.diag_detail = mg_diag_detail,
	.diag_hint = mg_diag_hint,
	.diag_sqlstate = mg_diag_sqlstate,
	.strvec_push = mg_strvec_push,
	.schema_table = mg_schema_table,
	.schema_column = mg_schema_column,
	.schema_index = mg_schema_index,
	.schema_fkey = mg_schema_fkey,
	.history_row = mg_history_row,
	/* ABI 2.3 (snapshot objects) */
	.schema_object = mg_schema_object,
};

const struct migrator_host *mg_host(void)
{
	return &host;
}
