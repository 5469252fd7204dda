/* A shared object without migrator_driver_init: the loader must say so. */
int not_a_driver(void);

int not_a_driver(void)
{
	return 42;
}
