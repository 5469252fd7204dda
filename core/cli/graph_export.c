/*
 * graph_export.c - `history --format dot` and `--format mermaid`: the
 * graph for Graphviz and for Markdown renderers (GitHub, GitLab).
 *
 * Revisions are nodes, newest first as history lists them, labelled with
 * the ID, labels and message; each parent is an edge parent -> child (the
 * order upgrades run), each depends_on a dashed edge to the dependent.
 * Heads are filled blue and drawn bold, the revisions stamped in the
 * database green with a double border.  Base is at the bottom, heads on
 * top (as the terminal drawing).  Text is escaped for each language;
 * control characters and bytes that are not UTF-8 become "?".
 */
#include "config.h"

#include <string.h>

#include "cmd.h"
#include "cli_graph.h"

#define HEAD_FILL "#dbeafe"
#define CURRENT_FILL "#bbf7d0"

enum lang { DOT, MERMAID };

/* s inside a quoted string of the language. */
static void put_escaped(FILE *f, enum lang lang, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80 ? 1 : cli_utf8_len(p);

		if (n == 0 || *p < 0x20 || *p == 0x7f)
			fputc('?', f);
		else if (lang == DOT && (*p == '"' || *p == '\\'))
			fprintf(f, "\\%c", *p);
		else if (lang == MERMAID && strchr("\"#<>&`", *p))
			fprintf(f, "#%d;", *p); /* Mermaid's entity codes */
		else
			fwrite(p, 1, n, f);
		p += n ? n : 1;
	}
}

/* "ID (labels) (head) (current)" then the message on a line of its
 * own. */
static void put_label(FILE *f, enum lang lang, const migrator_revision *r,
		      int cur)
{
	size_t n = 0;
	const char *const *labels = migrator_revision_labels(r, &n);
	const char *msg = migrator_revision_message(r);

	fputs(migrator_revision_id(r), f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : " (", f);
		put_escaped(f, lang, labels[i]);
	}
	if (n)
		fputc(')', f);
	if (migrator_revision_flags(r) & MIGRATOR_REV_HEAD)
		fputs(" (head)", f);
	if (cur)
		fputs(" (current)", f);
	if (msg[0]) {
		fputs(lang == DOT ? "\\n" : "<br/>", f);
		put_escaped(f, lang, msg);
	}
}

static void dot_node(FILE *f, const migrator_revision *r, int head, int cur)
{
	fprintf(f, "\t\"%s\" [label=\"", migrator_revision_id(r));
	put_label(f, DOT, r, cur);
	fputc('"', f);
	if (head || cur)
		fprintf(f, ", fillcolor=\"%s\"",
			cur ? CURRENT_FILL : HEAD_FILL);
	if (head)
		fputs(", penwidth=2", f);
	if (cur)
		fputs(", peripheries=2", f);
	fputs("];\n", f);
}

static void mermaid_node(FILE *f, const migrator_revision *r, int cur)
{
	fprintf(f, "    r%s[\"", migrator_revision_id(r));
	put_label(f, MERMAID, r, cur);
	fputs("\"]\n", f);
}

/* The edges into r from its parents and its depends_on, when drawn. */
static void edges(FILE *f, enum lang lang, const migrator_revision *r,
		  const struct cli_revset *in)
{
	for (int dep = 0; dep < 2; dep++) {
		size_t n = 0;
		const migrator_revision *const *v = migrator_revision_links(
			r, dep ? MIGRATOR_LINK_DEPENDS_ON : MIGRATOR_LINK_PARENTS,
			&n);

		for (size_t i = 0; i < n; i++) {
			const char *from = migrator_revision_id(v[i]);
			const char *to = migrator_revision_id(r);

			if (!cli_revset_has(in, v[i]))
				continue;
			if (lang == DOT)
				fprintf(f, "\t\"%s\" -> \"%s\"%s;\n", from, to,
					dep ? " [style=dashed, arrowhead=empty]"
					    : "");
			else
				fprintf(f, "    r%s %s r%s\n", from,
					dep ? "-.->" : "-->", to);
		}
	}
}

/* Mermaid: "class a,b NAME" for the revisions with (or without) a mark. */
static void mermaid_class(FILE *f, const migrator_revlist *l,
			  const struct cli_revset *current, int cur,
			  const char *name)
{
	size_t shown = 0;

	for (size_t i = 0; i < migrator_revlist_count(l); i++) {
		const migrator_revision *r = migrator_revlist_revision(l, i);
		int head = migrator_revision_flags(r) & MIGRATOR_REV_HEAD;

		if (cur ? !cli_revset_has(current, r)
			: !head || cli_revset_has(current, r))
			continue;
		fprintf(f, "%sr%s", shown++ ? "," : "    class ",
			migrator_revision_id(r));
	}
	if (shown)
		fprintf(f, " %s\n", name);
}

static int export(FILE *f, enum lang lang, const migrator_revlist *l,
		  const struct cli_revset *current)
{
	struct cli_revset in;
	size_t n = migrator_revlist_count(l);

	if (cli_revset_init(&in, l))
		return MIGRATOR_ENOMEM;
	if (lang == DOT)
		fputs("digraph migrations {\n\trankdir=BT;\n"
		      "\tnode [shape=box, style=\"rounded,filled\", "
		      "fillcolor=\"white\"];\n",
		      f);
	else
		fputs("flowchart BT\n", f);
	for (size_t i = 0; i < n; i++) {
		const migrator_revision *r = migrator_revlist_revision(l, i);
		int cur = cli_revset_has(current, r);

		if (lang == DOT)
			dot_node(f, r,
				 migrator_revision_flags(r) & MIGRATOR_REV_HEAD,
				 cur);
		else
			mermaid_node(f, r, cur);
	}
	for (size_t i = 0; i < n; i++)
		edges(f, lang, migrator_revlist_revision(l, i), &in);
	if (lang == DOT) {
		fputs("}\n", f);
	} else {
		fputs("    classDef head fill:" HEAD_FILL ",stroke:#1d4ed8,"
		      "stroke-width:2px\n"
		      "    classDef current fill:" CURRENT_FILL ",stroke:#15803d,"
		      "stroke-width:3px\n",
		      f);
		mermaid_class(f, l, current, 0, "head");
		mermaid_class(f, l, current, 1, "current");
	}
	cli_revset_free(&in);
	return 0;
}

int cli_graph_dot(FILE *f, const migrator_revlist *l,
		  const struct cli_revset *current)
{
	return export(f, DOT, l, current);
}

int cli_graph_mermaid(FILE *f, const migrator_revlist *l,
		      const struct cli_revset *current)
{
	return export(f, MERMAID, l, current);
}
