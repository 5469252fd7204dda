/*
 * tmpfiles.c - strings and temporary files for the embed tests.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tmpfiles.h"

static void bail(const char *what, const char *path)
{
	printf("Bail out! %s%s\n", what, path ? path : "");
	exit(1);
}

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
	if (!s)
		bail("out of memory", NULL);
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

	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		bail("cannot write ", path);
	free(path);
}

char *make_dir(const char *parent, const char *name)
{
	char *dir = join(parent, "/", name, (char *)NULL);

	if (mkdir(dir, 0700) != 0)
		bail("cannot create ", dir);
	return dir;
}

void remove_tree(const char *dir)
{
	char *cmd = join("rm -rf '", dir, "'", (char *)NULL);

	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
}
