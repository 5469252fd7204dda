/*
 * cli_graph.h - `history --graph`, `--format dot` and `--format mermaid`:
 * drawing the revision graph from the public graph accessors
 * (migrator_revision_links, migrator_revision_flags).  The walk is the
 * program's: it needs no database and the library keeps no picture.
 *
 *   graph_set.c     which revisions are drawn (a range keeps a part)
 *   graph_layout.c  lanes, forks and joins: rows of cells, newest first
 *   graph_draw.c    a row as terminal text (UTF-8 or ASCII, colour)
 *   graph_export.c  the whole graph as Graphviz dot or Mermaid
 */
#ifndef CLI_GRAPH_H
#define CLI_GRAPH_H

#include <stdio.h>

#include <migrator/migrator.h>

/* graph_set.c: a set of revisions (the drawn ones, the stamped ones). */
struct cli_revset {
	const migrator_revision **v; /* sorted by address */
	size_t n;
};
/* The revisions of l; 0 or MIGRATOR_ENOMEM.  l may be NULL (empty). */
int cli_revset_init(struct cli_revset *s, const migrator_revlist *l);
int cli_revset_has(const struct cli_revset *s, const migrator_revision *r);
void cli_revset_free(struct cli_revset *s);

/* graph_layout.c: what a cell of a row shows (lanes at even columns,
 * the gaps between them at odd ones). */
enum cli_cell {
	CELL_BLANK,
	CELL_LANE,     /* | a lane going on */
	CELL_NODE,     /* * the row's revision */
	CELL_HORIZ,    /* - a fork or join passing */
	CELL_TEE,      /* |- where a fork starts or a join ends */
	CELL_FORK_END, /* .  a fork's last lane (starts here) */
	CELL_FORK_MID, /* .  a fork's lane before the last */
	CELL_JOIN_END, /* '  a join's last lane (ends here) */
	CELL_JOIN_MID, /* '  a join's lane before the last */
	CELL_CROSS     /* + a fork or join crossing a lane */
};
struct cli_graph_cell {
	unsigned char kind; /* enum cli_cell */
	unsigned lane;      /* whose colour: the lane it belongs to */
};
/* One row of the picture: a revision's line (rev set) or a fork/join
 * line between two revisions (rev NULL). */
struct cli_graph_row {
	const struct cli_graph_cell *cells;
	size_t n;
	const migrator_revision *rev;
};
typedef int (*cli_graph_row_fn)(const struct cli_graph_row *row,
				void *payload);
/* Lays out l (newest first: each revision before its parents, as
 * migrator_history lists them) and calls fn for each row in order; links
 * to revisions not in l are left out.  The same list always gives the
 * same rows.  0, MIGRATOR_ENOMEM, or fn's non-zero result. */
int cli_graph_layout(const migrator_revlist *l, cli_graph_row_fn fn,
		     void *payload);

/* graph_draw.c */
struct cli_graph_style {
	int utf8;   /* box-drawing characters, else ASCII */
	int colour; /* SGR colours (cli_colour) */
	const struct cli_revset *current; /* marked "(current)"; may be empty */
};
/* Is the locale's character set UTF-8?  (LC_ALL, LC_CTYPE, LANG.) */
int cli_graph_utf8_locale(void);
/* Writes row to f as one line. */
void cli_graph_draw_row(FILE *f, const struct cli_graph_style *st,
			const struct cli_graph_row *row);

/* graph_export.c: l (as above) as a Graphviz digraph or a Mermaid
 * flowchart: parents as edges, depends_on as dashed edges, heads and the
 * revisions of current highlighted.  0 or MIGRATOR_ENOMEM. */
int cli_graph_dot(FILE *f, const migrator_revlist *l,
		  const struct cli_revset *current);
int cli_graph_mermaid(FILE *f, const migrator_revlist *l,
		      const struct cli_revset *current);

#endif
