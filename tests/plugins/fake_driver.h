/*
 * fake_driver.h - a driver whose members all fail, for loader tests only.
 * Each test module tweaks one thing the loader must reject.
 */
#ifndef FAKE_DRIVER_H
#define FAKE_DRIVER_H

#include <migrator/driver.h>

static int fake_connect(struct migrator_conn **out,
			const struct migrator_connect_params *p,
			struct migrator_diag *d)
{
	(void)p;
	(void)d;
	*out = NULL;
	return MIGRATOR_DRIVER_EDB;
}
static void fake_close(struct migrator_conn *c) { (void)c; }
static int fake_exec(struct migrator_conn *c, const char *sql, size_t len,
		     struct migrator_diag *d)
{
	(void)c, (void)sql, (void)len, (void)d;
	return MIGRATOR_DRIVER_EDB;
}
static int fake_tx(struct migrator_conn *c, struct migrator_diag *d)
{
	(void)c, (void)d;
	return MIGRATOR_DRIVER_EDB;
}
static int fake_lock(struct migrator_conn *c, const char *t, unsigned ms,
		     struct migrator_diag *d)
{
	(void)c, (void)t, (void)ms, (void)d;
	return MIGRATOR_DRIVER_EDB;
}
static int fake_table(struct migrator_conn *c, const char *t,
		      struct migrator_diag *d)
{
	(void)c, (void)t, (void)d;
	return MIGRATOR_DRIVER_EDB;
}
static int fake_read(struct migrator_conn *c, const char *t,
		     struct migrator_strvec *v, struct migrator_diag *d)
{
	(void)c, (void)t, (void)v, (void)d;
	return MIGRATOR_DRIVER_EDB;
}
static int fake_write(struct migrator_conn *c, const char *t,
		      const char *const *del, size_t ndel,
		      const char *const *add, size_t nadd,
		      struct migrator_diag *d)
{
	(void)c, (void)t, (void)del, (void)ndel, (void)add, (void)nadd;
	(void)d;
	return MIGRATOR_DRIVER_EDB;
}

#define FAKE_DRIVER(scheme_list) \
	.abi_major = MIGRATOR_DRIVER_ABI_MAJOR, \
	.abi_minor = MIGRATOR_DRIVER_ABI_MINOR, \
	.size = sizeof(struct migrator_driver), .name = "fake", \
	.dialect = "fake", .schemes = scheme_list, .caps = 0, \
	.connect = fake_connect, .close = fake_close, .exec = fake_exec, \
	.begin = fake_tx, .commit = fake_tx, .rollback = fake_tx, \
	.lock = fake_lock, .unlock = fake_table, \
	.stamp_ensure = fake_table, .stamp_read = fake_read, \
	.stamp_write = fake_write

#endif
