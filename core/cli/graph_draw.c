/*
 * graph_draw.c - one row of `history --graph` as a line of text:
 *
 *   ● a906f967ec63 (head) merge usage_config and usage_snapshots
 *   ├─┐
 *   │ ● ad611e434c8f create usage_snapshots
 *
 * the lanes in box-drawing characters when the locale is UTF-8, else in
 * ASCII ("*", "|", "-", ".", "'", "+"); then, on a revision's row, its ID,
 * labels, marks ("(head)", "(current)", "(branchpoint)", "(mergepoint)"),
 * the revisions it depends on, and its message.  Colour, when asked for
 * (a terminal: cli_colour), gives each lane one of six colours by its
 * column, as git does, and the ID and marks theirs.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "cli_graph.h"

#define SGR_OFF "\033[0m"

/* Indexed by enum cli_cell. */
static const char *const glyph_utf8[] = {" ", "│", "●", "─", "├",
					 "┐", "┬", "┘", "┴", "┼"};
static const char *const glyph_ascii[] = {" ", "|", "*", "-", "|",
					  ".", ".", "'", "'", "+"};

/* git's lane colours: red, green, yellow, blue, magenta, cyan. */
static const char *const lane_sgr[] = {"\033[31m", "\033[32m", "\033[33m",
				       "\033[34m", "\033[35m", "\033[36m"};

/* A value of LC_ALL, LC_CTYPE or LANG names UTF-8 ("C.UTF-8",
 * "en_US.utf8"): for when the locale is not installed. */
static int names_utf8(const char *v)
{
	for (; v && *v; v++)
		if (strncasecmp(v, "utf-8", 5) == 0 ||
		    strncasecmp(v, "utf8", 4) == 0)
			return 1;
	return 0;
}

int cli_graph_utf8_locale(void)
{
	const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	const char *v = NULL;
	char *old;
	int utf8 = 0;

	for (size_t i = 0; i < 3 && !(v && *v); i++)
		v = getenv(vars[i]);
	if (!v || !*v)
		return 0; /* the C locale */
	/* Ask the C library, then go back to "C": the program's (and the
	 * library's) byte handling must not depend on the user's locale. */
	old = setlocale(LC_CTYPE, NULL);
	old = old ? strdup(old) : NULL;
	if (setlocale(LC_CTYPE, "") != NULL)
		utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	else
		utf8 = names_utf8(v);
	setlocale(LC_CTYPE, old ? old : "C");
	free(old);
	return utf8;
}

static void put_cell(FILE *f, const struct cli_graph_style *st,
		     const struct cli_graph_cell *x)
{
	const char *g = (st->utf8 ? glyph_utf8 : glyph_ascii)[x->kind];

	if (st->colour && x->kind != CELL_BLANK && x->kind != CELL_NODE)
		fprintf(f, "%s%s%s", lane_sgr[x->lane % 6], g, SGR_OFF);
	else if (st->colour && x->kind == CELL_NODE)
		fprintf(f, "\033[1m%s%s", g, SGR_OFF);
	else
		fputs(g, f);
}

/* text in the colour sgr (when colour is on). */
static void in_colour(FILE *f, const struct cli_graph_style *st,
		      const char *sgr, const char *text)
{
	if (st->colour)
		fprintf(f, "%s%s%s", sgr, text, SGR_OFF);
	else
		fputs(text, f);
}

/* " (head) (current) (branchpoint) (mergepoint)" as they apply. */
static void put_marks(FILE *f, const struct cli_graph_style *st,
		      const migrator_revision *r)
{
	unsigned flags = migrator_revision_flags(r);

	if (flags & MIGRATOR_REV_HEAD)
		in_colour(f, st, "\033[1;36m", " (head)");
	if (cli_revset_has(st->current, r))
		in_colour(f, st, "\033[1;32m", " (current)");
	if (flags & MIGRATOR_REV_BRANCHPOINT)
		in_colour(f, st, "\033[36m", " (branchpoint)");
	if (flags & MIGRATOR_REV_MERGEPOINT)
		in_colour(f, st, "\033[36m", " (mergepoint)");
}

/* " (depends on a, b)": depends_on is ordering, not a parent, so it is
 * named on the line rather than drawn across the lanes. */
static void put_depends(FILE *f, const struct cli_graph_style *st,
			const migrator_revision *r)
{
	size_t n = 0;
	const migrator_revision *const *v =
		migrator_revision_links(r, MIGRATOR_LINK_DEPENDS_ON, &n);

	if (!n)
		return;
	in_colour(f, st, "\033[35m", " (depends on ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			in_colour(f, st, "\033[35m", ", ");
		in_colour(f, st, "\033[35m", migrator_revision_id(v[i]));
	}
	in_colour(f, st, "\033[35m", ")");
}

void cli_graph_draw_row(FILE *f, const struct cli_graph_style *st,
			const struct cli_graph_row *row)
{
	const migrator_revision *r = row->rev;
	size_t n = row->n;

	/* no blanks where lanes ended on the right */
	while (n && row->cells[n - 1].kind == CELL_BLANK)
		n--;
	for (size_t k = 0; k < n; k++)
		put_cell(f, st, &row->cells[k]);
	if (r) {
		const char *msg = migrator_revision_message(r);

		fputc(' ', f);
		in_colour(f, st, "\033[33m", migrator_revision_id(r));
		cli_print_labels(f, r);
		put_marks(f, st, r);
		put_depends(f, st, r);
		if (msg[0]) {
			fputc(' ', f);
			cli_put_text(f, msg);
		}
	}
	fputc('\n', f);
}
