/*
 * output.c - the pieces of human and JSON output the commands share, and
 * the terminal state of progress lines.
 *
 * On a terminal, a migration's line is printed when it starts and left
 * open ("upgrade A -> B  message ..."), then completed in place with its
 * time.  Anything else written meanwhile (a warning, a notice, an error)
 * first ends the open line, so no two messages share a line.  The state
 * is the program's one terminal, hence file-local: libmigrator keeps none.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static FILE *open_line; /* the stream with a line not yet ended, or NULL */

int cli_is_tty(FILE *f)
{
	int fd = fileno(f);

	return fd >= 0 && isatty(fd);
}

/* https://no-color.org: NO_COLOR set and not empty turns colour off; so
 * does a dumb terminal, and anything that is not a terminal. */
int cli_colour(FILE *f)
{
	const char *no = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (no && *no)
		return 0;
	if (term && strcmp(term, "dumb") == 0)
		return 0;
	return cli_is_tty(f);
}

void cli_progress_open(FILE *f)
{
	open_line = f;
}

int cli_progress_take(FILE *f)
{
	if (!open_line || open_line != f)
		return 0;
	open_line = NULL;
	return 1;
}

void cli_progress_break(void)
{
	if (!open_line)
		return;
	fputc('\n', open_line);
	fflush(open_line);
	open_line = NULL;
}

/* Length of the valid UTF-8 sequence at s (2 to 4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
		   : s[0] >= 0xe0		? 3
		   : s[0] >= 0xc2 && s[0] < 0xe0 ? 2
						: 0;
	unsigned cp;

	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3) {
		cp = (s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6;
		if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
			return 0; /* overlong, or a surrogate */
	} else if (n == 4) {
		cp = (s[0] & 0x07u) << 18 | (s[1] & 0x3fu) << 12;
		if (cp < 0x10000 || cp > 0x10ffff)
			return 0;
	}
	return n;
}

void cli_put_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80 ? 1 : utf8_len(p);

		if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if (*p < 0x20 || *p == 0x7f || n == 0 ||
			 (p[0] == 0xc2 && p[1] < 0xa0)) /* C1: U+0080-009F */
			fprintf(f, "\\x%02x", *p);
		else {
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		p++;
	}
}

void cli_vput_textf(FILE *f, const char *fmt, va_list ap)
{
	va_list again;
	char small[256], *big = NULL;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small) && (big = malloc((size_t)n + 1)) != NULL)
		vsnprintf(big, (size_t)n + 1, fmt, again);
	va_end(again);
	if (n < 0)
		return;
	/* out of memory: the first 255 bytes are better than nothing */
	cli_put_text(f, big ? big : small);
	free(big);
}

void cli_put_textf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vput_textf(f, fmt, ap);
	va_end(ap);
}

void cli_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void cli_json_ids(FILE *f, const char *const *ids, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		cli_json_str(f, ids[i]);
	}
	fputc(']', f);
}

void cli_json_revs(FILE *f, struct migrator_revision *const *v, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		cli_json_str(f, v[i]->id);
	}
	fputc(']', f);
}

void cli_json_rev(FILE *f, const struct migrator_revision *r)
{
	cli_json_rev_at(f, r, -1);
}

void cli_json_rev_at(FILE *f, const struct migrator_revision *r, int current)
{
	const struct mg_script *s = r->script;

	fputs("{\"revision\":", f);
	cli_json_str(f, r->id);
	fputs(",\"parents\":", f);
	cli_json_revs(f, r->parents, r->n_parents);
	fputs(",\"children\":", f);
	cli_json_revs(f, r->children, r->n_children);
	fputs(",\"depends_on\":", f);
	cli_json_revs(f, r->depends, r->n_depends);
	fputs(",\"branch_labels\":", f);
	cli_json_ids(f, s->branch_labels, s->n_branch_labels);
	fputs(",\"message\":", f);
	cli_json_str(f, s->message);
	fputs(",\"file\":", f);
	cli_json_str(f, s->path);
	fprintf(f, ",\"head\":%s,\"branchpoint\":%s,\"mergepoint\":%s",
		mg_rev_is_head(r) ? "true" : "false",
		mg_rev_is_branchpoint(r) ? "true" : "false",
		mg_rev_is_mergepoint(r) ? "true" : "false");
	if (current >= 0)
		fprintf(f, ",\"current\":%s", current ? "true" : "false");
	fputc('}', f);
}

static void print_list(FILE *f, struct migrator_revision *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", v[i]->id);
}

void cli_print_arrow(FILE *f, const struct migrator_revision *r)
{
	if (r->n_parents == 0)
		fputs("<base>", f);
	else
		print_list(f, r->parents, r->n_parents);
	fprintf(f, " -> %s", r->id);
}

void cli_print_marks(FILE *f, const struct migrator_revision *r)
{
	cli_print_marks_current(f, r, 0);
}

void cli_print_marks_current(FILE *f, const struct migrator_revision *r,
			     int current)
{
	if (mg_rev_is_head(r))
		fputs(" (head)", f);
	if (current)
		fputs(" (current)", f);
	if (mg_rev_is_branchpoint(r))
		fputs(" (branchpoint)", f);
	if (mg_rev_is_mergepoint(r))
		fputs(" (mergepoint)", f);
}

void cli_print_labels(FILE *f, const struct migrator_revision *r)
{
	const struct mg_script *s = r->script;

	if (!s->n_branch_labels)
		return;
	fputs(" (", f);
	for (size_t i = 0; i < s->n_branch_labels; i++)
		fprintf(f, "%s%s", i ? ", " : "", s->branch_labels[i]);
	fputc(')', f);
}

void cli_print_rev_block(FILE *f, const struct migrator_revision *r)
{
	cli_print_rev_block_at(f, r, 0);
}

void cli_print_rev_block_at(FILE *f, const struct migrator_revision *r,
			    int current)
{
	const struct mg_script *s = r->script;

	fprintf(f, "Rev: %s", r->id);
	cli_print_marks_current(f, r, current);
	fputs("\nParent: ", f);
	if (r->n_parents)
		print_list(f, r->parents, r->n_parents);
	else
		fputs("<base>", f);
	if (r->n_children) {
		fputs("\nChildren: ", f);
		print_list(f, r->children, r->n_children);
	}
	if (s->n_branch_labels) {
		fputs("\nBranch names: ", f);
		for (size_t i = 0; i < s->n_branch_labels; i++)
			fprintf(f, "%s%s", i ? ", " : "", s->branch_labels[i]);
	}
	if (r->n_depends) {
		fputs("\nDepends on: ", f);
		print_list(f, r->depends, r->n_depends);
	}
	fputs("\nPath: ", f);
	cli_put_text(f, s->path);
	fputs("\nMessage: ", f);
	cli_put_text(f, s->message);
	fprintf(f, "\nTransactional: %s\n",
		s->transactional ? "true" : "false");
}

int cli_flush(mg_diag *d)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		mg_diag_set(d, MIGRATOR_EIO, "cannot write the output");
		mg_diag_detail(d, "%s.", strerror(errno));
		return MIGRATOR_EIO;
	}
	return 0;
}
