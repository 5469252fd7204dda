/*
 * host.h - the table of core functions handed to every driver plugin.
 */
#ifndef MG_HOST_H
#define MG_HOST_H

#include <migrator/driver.h>

const struct migrator_host *mg_host(void);

#endif
