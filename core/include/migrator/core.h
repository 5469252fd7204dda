/*
 * core.h - the detailed, internal API of libmigrator in one include: the
 * graph, targets, plans, the runner, check, authoring and the plugin
 * loader.  The migrator program, the unit tests and the facade
 * (core/lib/api*.c) use it; it is not installed and libmigrator.so does
 * not export it (applications use <migrator/migrator.h>).
 */
#ifndef MIGRATOR_CORE_H
#define MIGRATOR_CORE_H

#include "author.h"
#include "check.h"
#include "diag.h"
#include "graph.h"
#include "migrator.h"
#include "plan.h"
#include "plugin.h"
#include "runner.h"
#include "script.h"
#include "strvec.h"
#include "target.h"
#include "url.h"

#endif
