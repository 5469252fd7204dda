#include "config.h"

#include "host.h"

#include "migrator/diag.h"
#include "migrator/strvec.h"

static const struct migrator_host host = {
	.abi_major = MIGRATOR_DRIVER_ABI_MAJOR,
	.abi_minor = MIGRATOR_DRIVER_ABI_MINOR,
	.size = sizeof(struct migrator_host),
	.diag_set = migrator_diag_set,
	.diag_detail = migrator_diag_detail,
	.diag_hint = migrator_diag_hint,
	.diag_sqlstate = migrator_diag_sqlstate,
	.strvec_push = migrator_strvec_push,
};

const struct migrator_host *mg_host(void)
{
	return &host;
}
