/*
 * embed_util.c - the shared helpers of the public API's test programs
 * (embed_util.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "embed_util.h"

char tmpdir[] = "/tmp/test_api.XXXXXX";

char *join(const char *first, ...)
{
	va_list ap;
	size_t n = 1;
	char *s;

	va_start(ap, first);
	for (const char *p = first; p; p = va_arg(ap, const char *))
		n += strlen(p);
	va_end(ap);
	s = malloc(n);
	if (!s) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	s[0] = '\0';
	va_start(ap, first);
	for (const char *p = first; p; p = va_arg(ap, const char *))
		strcat(s, p);
	va_end(ap);
	return s;
}

void write_file(const char *dir, const char *name, const char *text)
{
	char *path = join(dir, "/", name, (char *)NULL);
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	free(path);
}

char *new_dir(const char *name)
{
	char *dir = join(tmpdir, "/", name, (char *)NULL);

	if (mkdir(dir, 0700) != 0) {
		printf("Bail out! cannot create %s\n", dir);
		exit(1);
	}
	return dir;
}

char *url_or_sqlite(const char *env, const char *name)
{
	const char *u = getenv(env);

	if (u && *u)
		return join(u, (char *)NULL);
	return join("sqlite:///", tmpdir, "/", name, ".db", (char *)NULL);
}

static void add_lint_to_path(void)
{
	const char *prog = getenv("MIGRATOR"), *path;
	char *top, *slash, *val;

	if (!prog) {
		printf("Bail out! MIGRATOR is not set (run me from make check)\n");
		exit(1);
	}
	top = join(prog, (char *)NULL);
	slash = strrchr(top, '/');
	if (slash)
		*slash = '\0';
	path = getenv("MIGRATOR_PLUGIN_PATH");
	val = join(slash ? top : ".", "/plugins/lint/.libs:", path ? path : "",
		   (char *)NULL);
	if (setenv("MIGRATOR_PLUGIN_PATH", val, 1) != 0) {
		printf("Bail out! setenv failed\n");
		exit(1);
	}
	free(val);
	free(top);
}

void cleanup(void)
{
	char *cmd = join("rm -rf '", tmpdir, "'", (char *)NULL);

	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(cmd);
}

int embed_setup(int argc, char **argv, const char *const *vars,
		const char *script)
{
	int on_sqlite = !(argc > 1 && strcmp(argv[1], "postgresql") == 0);

	if (!mkdtemp(tmpdir)) {
		printf("Bail out! cannot create a temporary directory\n");
		exit(1);
	}
	add_lint_to_path();
	if (!on_sqlite && !getenv(vars[0])) {
		printf("Bail out! %s is not set: run me through %s\n", vars[0],
		       script);
		cleanup();
		exit(1);
	}
	for (size_t i = 0; on_sqlite && vars[i]; i++)
		unsetenv(vars[i]);
	return on_sqlite;
}

char *list_text(const migrator_revlist *l)
{
	static char out[4][256];
	static int k;
	char *s = out[k++ % 4];

	s[0] = '\0';
	for (size_t i = 0; i < migrator_revlist_count(l); i++) {
		if (i)
			strcat(s, ",");
		strncat(s, migrator_revlist_get(l, i), 64);
	}
	return s;
}

const char *current(migrator_ctx *ctx)
{
	migrator_revlist *l = NULL;
	const char *s;

	if (migrator_current(ctx, &l) != 0)
		return "ERROR";
	s = list_text(l);
	migrator_revlist_free(l);
	return s;
}

int contains(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}
