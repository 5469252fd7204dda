/*
 * fleet_lines.c - fleets (issue 18): the children's output, whole lines
 * at a time, each prefixed with its target's name, and the progress line
 * a terminal shows while they run.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fleet.h"

static int grow(struct fleet_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	while (cap < need)
		cap *= 2;
	if (cap == b->cap)
		return 0;
	p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

/* Hands each whole line of b to on_line and keeps the rest. */
static void split(struct fleet_buf *b,
		  void (*on_line)(void *arg, const char *line), void *arg)
{
	size_t start = 0;
	char *nl;

	while ((nl = memchr(b->p + start, '\n', b->len - start))) {
		*nl = '\0';
		on_line(arg, b->p + start);
		start = (size_t)(nl - b->p) + 1;
	}
	memmove(b->p, b->p + start, b->len - start);
	b->len -= start;
}

int cli_fleet_read(int fd, struct fleet_buf *b,
		   void (*on_line)(void *arg, const char *line), void *arg)
{
	ssize_t got;

	if (grow(b, b->len + 4096 + 1) < 0)
		return -1;
	do
		got = read(fd, b->p + b->len, b->cap - b->len - 1);
	while (got < 0 && errno == EINTR);
	if (got > 0) {
		b->len += (size_t)got;
		split(b, on_line, arg);
		return 0;
	}
	if (b->len) { /* a last line without its newline */
		b->p[b->len] = '\0';
		on_line(arg, b->p);
		b->len = 0;
	}
	return got == 0 ? 1 : -1;
}

void cli_fleet_buf_free(struct fleet_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void cli_fleet_progress_clear(struct fleet *f)
{
	if (!f->progress_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	f->progress_shown = 0;
}

void cli_fleet_print(struct fleet *f, FILE *out, const char *name,
		     const char *text)
{
	cli_fleet_progress_clear(f);
	fprintf(out, "%s: %s\n", name, text);
	fflush(out);
}

void cli_fleet_progress(struct fleet *f)
{
	if (!f->progress)
		return;
	fprintf(stderr, "\r\033[K%zu/%zu done, %zu running, %zu failed",
		f->done, f->n, f->running, f->failed);
	fflush(stderr);
	f->progress_shown = 1;
}
