/*
 * migrator.h - the whole public API of libmigrator in one include.
 */
#ifndef MIGRATOR_MIGRATOR_H
#define MIGRATOR_MIGRATOR_H

#include "author.h"
#include "check.h"
#include "diag.h"
#include "graph.h"
#include "plan.h"
#include "plugin.h"
#include "runner.h"
#include "script.h"
#include "strvec.h"
#include "target.h"
#include "url.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *migrator_version(void);

#ifdef __cplusplus
}
#endif
#endif
