/* A driver of ABI 1: it exports migrator_driver_init and no descriptor.
 * The loader must refuse it by name and say to rebuild it. */
struct migrator_host;
struct migrator_diag;

const void *migrator_driver_init(const struct migrator_host *host,
				 struct migrator_diag *d);

const void *migrator_driver_init(const struct migrator_host *host,
				 struct migrator_diag *d)
{
	(void)host, (void)d;
	return 0;
}
