/*
 * internal.h - TEMPORARY (issue 13, steps 1-4): the core headers the program
 * still uses until it is switched to <migrator/migrator.h> (step 5).
 */
#ifndef CLI_INTERNAL_H
#define CLI_INTERNAL_H

#include "api_int.h"
#include "author.h"
#include "check.h"
#include "diag.h"
#include "graph.h"
#include "migrator/migrator.h"
#include "plan.h"
#include "plugin.h"
#include "runner.h"
#include "script.h"
#include "strvec.h"
#include "target.h"
#include "url.h"

#endif
