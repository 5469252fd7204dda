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

size_t cli_utf8_len(const unsigned char *s)
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
		size_t n = *p < 0x80 ? 1 : cli_utf8_len(p);

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

void cli_json_str_or_null(FILE *f, const char *s)
{
	if (s)
		cli_json_str(f, s);
	else
		fputs("null", f);
}

void cli_json_member(FILE *f, const char *name, const char *value)
{
	fprintf(f, ",\"%s\":", name);
	cli_json_str_or_null(f, value);
}

void cli_json_line(FILE *f, unsigned line)
{
	if (line)
		fprintf(f, ",\"line\":%u", line);
	else
		fputs(",\"line\":null", f);
}

void cli_json_drift(FILE *f, const struct migrator_drift_item *x)
{
	fputs("{\"kind\":", f);
	cli_json_str(f, x->kind);
	cli_json_member(f, "table", x->table);
	cli_json_member(f, "name", x->name);
	cli_json_member(f, "field", x->field);
	cli_json_member(f, "expected", x->expected);
	cli_json_member(f, "found", x->found);
	fputc('}', f);
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

void cli_json_revs(FILE *f, const migrator_revision *const *v, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		cli_json_str(f, migrator_revision_id(v[i]));
	}
	fputc(']', f);
}

/* One link list of r as a JSON array. */
static void json_links(FILE *f, const migrator_revision *r,
		       enum migrator_link which)
{
	size_t n = 0;
	const migrator_revision *const *v = migrator_revision_links(r, which,
								    &n);

	cli_json_revs(f, v, n);
}

void cli_json_rev(FILE *f, const migrator_revision *r)
{
	cli_json_rev_at(f, r, -1);
}

void cli_json_rev_at(FILE *f, const migrator_revision *r, int current)
{
	unsigned flags = migrator_revision_flags(r);
	size_t n_labels = 0;
	const char *const *labels = migrator_revision_labels(r, &n_labels);

	fputs("{\"revision\":", f);
	cli_json_str(f, migrator_revision_id(r));
	fputs(",\"parents\":", f);
	json_links(f, r, MIGRATOR_LINK_PARENTS);
	fputs(",\"children\":", f);
	json_links(f, r, MIGRATOR_LINK_CHILDREN);
	fputs(",\"depends_on\":", f);
	json_links(f, r, MIGRATOR_LINK_DEPENDS_ON);
	fputs(",\"branch_labels\":", f);
	cli_json_ids(f, labels, n_labels);
	fputs(",\"message\":", f);
	cli_json_str(f, migrator_revision_message(r));
	fputs(",\"file\":", f);
	cli_json_str(f, migrator_revision_path(r));
	fprintf(f, ",\"head\":%s,\"branchpoint\":%s,\"mergepoint\":%s",
		flags & MIGRATOR_REV_HEAD ? "true" : "false",
		flags & MIGRATOR_REV_BRANCHPOINT ? "true" : "false",
		flags & MIGRATOR_REV_MERGEPOINT ? "true" : "false");
	if (current >= 0)
		fprintf(f, ",\"current\":%s", current ? "true" : "false");
	fputc('}', f);
}

/* "a, b, c" */
static void put_ids(FILE *f, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", ids[i]);
}

/* The IDs of one link list of r, "a, b", or none for an empty list:
 * returns how many. */
static size_t put_links(FILE *f, const migrator_revision *r,
			enum migrator_link which)
{
	size_t n = 0;
	const migrator_revision *const *v = migrator_revision_links(r, which,
								    &n);

	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", migrator_revision_id(v[i]));
	return n;
}

void cli_print_arrow(FILE *f, const migrator_revision *r)
{
	if (!put_links(f, r, MIGRATOR_LINK_PARENTS))
		fputs("<base>", f);
	fprintf(f, " -> %s", migrator_revision_id(r));
}

void cli_print_marks(FILE *f, const migrator_revision *r)
{
	cli_print_marks_current(f, r, 0);
}

void cli_print_marks_current(FILE *f, const migrator_revision *r,
			     int current)
{
	unsigned flags = migrator_revision_flags(r);

	if (flags & MIGRATOR_REV_HEAD)
		fputs(" (head)", f);
	if (current)
		fputs(" (current)", f);
	if (flags & MIGRATOR_REV_BRANCHPOINT)
		fputs(" (branchpoint)", f);
	if (flags & MIGRATOR_REV_MERGEPOINT)
		fputs(" (mergepoint)", f);
}

void cli_print_labels(FILE *f, const migrator_revision *r)
{
	size_t n = 0;
	const char *const *labels = migrator_revision_labels(r, &n);

	if (!n)
		return;
	fputs(" (", f);
	put_ids(f, labels, n);
	fputc(')', f);
}

void cli_print_rev_block(FILE *f, const migrator_revision *r)
{
	cli_print_rev_block_at(f, r, 0);
}

void cli_print_rev_block_at(FILE *f, const migrator_revision *r,
			    int current)
{
	size_t n_labels = 0, n = 0;
	const char *const *labels = migrator_revision_labels(r, &n_labels);

	fprintf(f, "Rev: %s", migrator_revision_id(r));
	cli_print_marks_current(f, r, current);
	fputs("\nParent: ", f);
	if (!put_links(f, r, MIGRATOR_LINK_PARENTS))
		fputs("<base>", f);
	migrator_revision_links(r, MIGRATOR_LINK_CHILDREN, &n);
	if (n) {
		fputs("\nChildren: ", f);
		put_links(f, r, MIGRATOR_LINK_CHILDREN);
	}
	if (n_labels) {
		fputs("\nBranch names: ", f);
		put_ids(f, labels, n_labels);
	}
	migrator_revision_links(r, MIGRATOR_LINK_DEPENDS_ON, &n);
	if (n) {
		fputs("\nDepends on: ", f);
		put_links(f, r, MIGRATOR_LINK_DEPENDS_ON);
	}
	fputs("\nPath: ", f);
	cli_put_text(f, migrator_revision_path(r));
	fputs("\nMessage: ", f);
	cli_put_text(f, migrator_revision_message(r));
	fprintf(f, "\nTransactional: %s\n",
		migrator_revision_flags(r) & MIGRATOR_REV_TRANSACTIONAL
			? "true"
			: "false");
}

int cli_flush(struct cli_err *d)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_err_set(d, MIGRATOR_EIO, "cannot write the output");
		cli_err_detail(d, "%s.", strerror(errno));
		return MIGRATOR_EIO;
	}
	return 0;
}
