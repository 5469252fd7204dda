/*
 * plugin_dirs.c - the plugin search order shared by the driver and hook
 * loaders (plugin_dirs.h).
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "migrator/diag.h"
#include "plugin_dirs.h"

/* Adds each element of a colon-separated list. */
static int push_path_list(migrator_strvec *dirs, const char *list)
{
	while (*list) {
		size_t n = strcspn(list, ":");

		if (n && migrator_strvec_pushn(dirs, list, n) < 0)
			return MIGRATOR_ENOMEM;
		list += n;
		if (*list == ':')
			list++;
	}
	return 0;
}

/* When this process is a migrator built in MIGRATOR_BUILDDIR and not yet
 * installed, its freshly built plugins sit in <tree>/<name>/.libs. */
static int push_build_tree(migrator_strvec *dirs, const char *tree,
			   const char *name)
{
#ifdef MIGRATOR_BUILDDIR
	char exe[PATH_MAX], top[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t tlen;
	char *dir;
	int rc;

	if (n <= 0 || !realpath(MIGRATOR_BUILDDIR, top))
		return 0;
	exe[n] = '\0';
	tlen = strlen(top);
	if (strncmp(exe, top, tlen) != 0 || exe[tlen] != '/')
		return 0;
	dir = mg_strdup_printf("%s/%s/%s/.libs", top, tree, name);
	if (!dir)
		return MIGRATOR_ENOMEM;
	rc = migrator_strvec_push(dirs, dir);
	free(dir);
	return rc;
#else
	(void)dirs;
	(void)tree;
	(void)name;
	return 0;
#endif
}

int mg_plugin_search_dirs(migrator_strvec *dirs, const char *plugin_dir,
			  const char *tree, const char *name)
{
	const char *env = getenv("MIGRATOR_PLUGIN_PATH");

	if (plugin_dir)
		return migrator_strvec_push(dirs, plugin_dir);
	if (env && *env)
		return push_path_list(dirs, env);
	if (push_build_tree(dirs, tree, name) < 0)
		return MIGRATOR_ENOMEM;
	return migrator_strvec_push(dirs, MIGRATOR_PLUGINDIR);
}

int mg_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
