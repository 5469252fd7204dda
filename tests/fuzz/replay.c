/*
 * replay.c - runs a fuzz target over files without libFuzzer, printing TAP:
 * one test per file.  make check runs each target over its seed corpus
 * (FUZZ_CORPUS, else $TOP_SRCDIR/tests/fuzz/corpus/NAME), so every crash
 * the fuzzers found stays fixed, in builds with and without sanitizers.
 *
 *     replay_NAME [FILE|DIR]...
 *
 * A target that crashes or breaks an invariant aborts: the harness reports
 * the test program as failed, and the log names the file it was reading.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#ifndef FUZZ_NAME
#error "FUZZ_NAME must name the target"
#endif

static int read_file(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return -1;
	for (;;) {
		size_t got;

		if (n == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 4096;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	/* libFuzzer hands over exactly len bytes: copy so ASan sees overreads */
	*out = malloc(n ? n : 1);
	if (!*out) {
		free(buf);
		return -1;
	}
	memcpy(*out, buf, n);
	free(buf);
	*len = n;
	return 0;
}

static unsigned ntests, nfail;

static void run_file(const char *path)
{
	uint8_t *data;
	size_t len;

	if (read_file(path, &data, &len) != 0) {
		printf("not ok %u - %s: %s\n", ++ntests, path,
		       strerror(errno));
		nfail++;
		return;
	}
	printf("# %s (%zu bytes)\n", path, len);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	printf("ok %u - %s\n", ++ntests, path);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
	struct stat st;
	DIR *dir;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	dir = opendir(path);
	if (!dir) {
		printf("not ok %u - %s: %s\n", ++ntests, path,
		       strerror(errno));
		nfail++;
		return;
	}
	while ((e = readdir(dir))) {
		char *full;

		if (e->d_name[0] == '.')
			continue;
		full = malloc(strlen(path) + strlen(e->d_name) + 2);
		if (n == cap) {
			char **nn;

			cap = cap ? cap * 2 : 64;
			nn = realloc(names, cap * sizeof(*names));
			FUZZ_CHECK(nn != NULL);
			names = nn;
		}
		FUZZ_CHECK(full != NULL);
		sprintf(full, "%s/%s", path, e->d_name);
		names[n++] = full;
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		run_file(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			run_path(argv[i]);
	} else {
		const char *corpus = getenv("FUZZ_CORPUS");
		const char *top = getenv("TOP_SRCDIR");
		char *dir;

		if (corpus) {
			run_path(corpus);
		} else if (top) {
			dir = malloc(strlen(top) + sizeof("/tests/fuzz/corpus/") +
				     strlen(FUZZ_NAME));
			FUZZ_CHECK(dir != NULL);
			sprintf(dir, "%s/tests/fuzz/corpus/%s", top, FUZZ_NAME);
			run_path(dir);
			free(dir);
		} else {
			fprintf(stderr, "replay: give files or directories, "
					"or set TOP_SRCDIR\n");
			return 2;
		}
	}
	/* an empty corpus proves nothing */
	if (ntests == 0) {
		printf("not ok 1 - no input files for %s\n", FUZZ_NAME);
		ntests = nfail = 1;
	}
	printf("1..%u\n", ntests);
	return nfail ? 1 : 0;
}
