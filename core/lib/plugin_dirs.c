/*
 * plugin_dirs.c - the plugin search order shared by the driver and hook
 * loaders (plugin_dirs.h).
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "plugin_dirs.h"

#include <migrator/module.h>

/* Adds each element of a colon-separated list. */
static int push_path_list(mg_strvec *dirs, const char *list)
{
	while (*list) {
		size_t n = strcspn(list, ":");

		if (n && mg_strvec_pushn(dirs, list, n) < 0)
			return MIGRATOR_ENOMEM;
		list += n;
		if (*list == ':')
			list++;
	}
	return 0;
}

#ifdef MIGRATOR_BUILDDIR
/* Every <tree>/<sub>/.libs of the build tree, in name order. */
static int push_every_libs(mg_strvec *dirs, const char *tree)
{
	mg_strvec subs = MG_STRVEC_INIT;
	struct dirent *e;
	DIR *dir = opendir(tree);
	int rc = 0;

	if (!dir)
		return 0;
	while (!rc && (e = readdir(dir)) != NULL) {
		char *libs;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		libs = mg_strdup_printf("%s/%s/.libs", tree, e->d_name);
		if (!libs)
			rc = MIGRATOR_ENOMEM;
		else if (stat(libs, &st) == 0 && S_ISDIR(st.st_mode) &&
			 mg_strvec_push(&subs, libs) < 0)
			rc = MIGRATOR_ENOMEM;
		free(libs);
	}
	closedir(dir);
	if (!rc && subs.n)
		mg_strvec_sort(&subs);
	for (size_t i = 0; !rc && i < subs.n; i++)
		if (mg_strvec_push(dirs, subs.v[i]) < 0)
			rc = MIGRATOR_ENOMEM;
	mg_strvec_clear(&subs);
	return rc;
}
#endif

/* When this process is a migrator built in MIGRATOR_BUILDDIR and not yet
 * installed, its freshly built plugins sit in <tree>/<name>/.libs (every
 * such directory when name is NULL). */
static int push_build_tree(mg_strvec *dirs, const char *tree,
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
	if (!name) {
		dir = mg_strdup_printf("%s/%s", top, tree);
		if (!dir)
			return MIGRATOR_ENOMEM;
		rc = push_every_libs(dirs, dir);
		free(dir);
		return rc;
	}
	dir = mg_strdup_printf("%s/%s/%s/.libs", top, tree, name);
	if (!dir)
		return MIGRATOR_ENOMEM;
	rc = mg_strvec_push(dirs, dir);
	free(dir);
	return rc;
#else
	(void)dirs;
	(void)tree;
	(void)name;
	return 0;
#endif
}

int mg_plugin_search_dirs(mg_strvec *dirs, const char *plugin_dir,
			  unsigned kind, const char *name)
{
	const char *env = getenv("MIGRATOR_PLUGIN_PATH");
	int drv = kind == MIGRATOR_MODULE_DRIVER;

	if (plugin_dir)
		return mg_strvec_push(dirs, plugin_dir);
	if (env && *env)
		return push_path_list(dirs, env);
	if (push_build_tree(dirs, drv ? "backends" : "plugins",
			    drv ? NULL : name) < 0)
		return MIGRATOR_ENOMEM;
	/* Installed, each kind has its own directory: a URL's scheme never
	 * reaches a hook plugin, nor --plugin a driver. */
	return mg_strvec_push(dirs, drv ? MIGRATOR_PLUGINDIR "/drivers"
					      : MIGRATOR_PLUGINDIR "/hooks");
}

int mg_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void mg_plugin_searched(mg_diag *d, const mg_strvec *dirs)
{
	struct mg_buf list = MG_BUF_INIT;

	for (size_t i = 0; i < dirs->n; i++)
		mg_buf_printf(&list, "%s%s", i ? ", " : "", dirs->v[i]);
	mg_diag_detail(d, "Searched: %s.", mg_buf_cstr(&list));
	mg_buf_free(&list);
}
