/*
 * readfile.c - a whole file into memory (the config file, a schema file).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

int cli_read_file(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *grown;
	size_t n = 0, cap = 0, got;
	int err = 0;

	*text = NULL;
	*len = 0;
	if (!f)
		return errno;
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			grown = realloc(buf, cap);
			if (!grown) {
				err = ENOMEM;
				break;
			}
			buf = grown;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (!err && ferror(f))
		err = errno ? errno : EIO;
	fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}
