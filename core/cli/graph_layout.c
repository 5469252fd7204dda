/*
 * graph_layout.c - the lanes of `history --graph`, as git log --graph
 * draws them, newest first.
 *
 * Each lane waits for one revision: a parent of a revision drawn above.
 * A revision takes the leftmost lane waiting for it (a head takes the
 * first free lane).  When several lanes wait for it (a branch point: its
 * children were drawn on several lanes) a join row first brings them
 * into that one ("├─┘").  After the revision's row its lane waits for its
 * first parent; each further parent (a merge point) gets the first free
 * lane to its right, drawn as a fork row ("├─┐").  A root's lane ends;
 * the next row's head does not take it, or the root would seem to be its
 * parent.  Lanes do not move sideways, so a lane that ends leaves a gap
 * until a new head takes it: the same list always gives the same
 * picture.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli_graph.h"

struct layout {
	const migrator_revision **lane; /* what each lane waits for */
	unsigned char *end;             /* a row's endpoints, per lane */
	size_t nl, cap;
	size_t ended; /* the lane of the row above if it was a root's, else
		       * SIZE_MAX */
	struct cli_graph_cell *cells; /* 2 * cap cells */
	struct cli_revset in;         /* the drawn revisions */
	cli_graph_row_fn fn;
	void *payload;
};

/* Room for lane i. */
static int grow(struct layout *L, size_t i)
{
	size_t cap = L->cap ? L->cap : 8;
	const migrator_revision **lane;
	unsigned char *end;
	struct cli_graph_cell *cells;

	if (i < L->cap)
		return 0;
	while (cap <= i)
		cap *= 2;
	lane = realloc(L->lane, cap * sizeof(*lane));
	if (lane)
		L->lane = lane;
	end = realloc(L->end, cap);
	if (end)
		L->end = end;
	cells = realloc(L->cells, 2 * cap * sizeof(*cells));
	if (cells)
		L->cells = cells;
	if (!lane || !end || !cells)
		return MIGRATOR_ENOMEM;
	memset(L->lane + L->cap, 0, (cap - L->cap) * sizeof(*lane));
	memset(L->end + L->cap, 0, cap - L->cap);
	L->cap = cap;
	return 0;
}

/* The first free lane at or after from, but not skip (a new one past
 * the last); SIZE_MAX when out of memory. */
static size_t free_lane(struct layout *L, size_t from, size_t skip)
{
	size_t i = from;

	while ((i < L->nl && L->lane[i]) || i == skip)
		i++;
	if (grow(L, i))
		return (size_t)-1;
	if (i >= L->nl)
		L->nl = i + 1;
	return i;
}

static void trim(struct layout *L)
{
	while (L->nl && !L->lane[L->nl - 1])
		L->nl--;
}

/* The lanes as they stand: "|" where one waits, blank where none. */
static size_t base_cells(struct layout *L)
{
	size_t n = L->nl ? 2 * L->nl - 1 : 0;

	for (size_t k = 0; k < n; k++) {
		L->cells[k].kind = CELL_BLANK;
		L->cells[k].lane = (unsigned)(k / 2);
		if (k % 2 == 0 && L->lane[k / 2])
			L->cells[k].kind = CELL_LANE;
	}
	return n;
}

static int emit(struct layout *L, size_t n, const migrator_revision *rev)
{
	struct cli_graph_row row = {L->cells, n, rev};

	return L->fn(&row, L->payload);
}

/* A fork or join row: from lane c to the lanes marked in L->end (all to
 * the right of c), the last of them `last`.  Each stretch of the line
 * has the colour of the lane it leads to. */
static int connect(struct layout *L, size_t c, size_t last, int fork)
{
	size_t n = base_cells(L);
	unsigned colour = (unsigned)last;

	for (size_t k = 2 * last + 1; k-- > 2 * c;) {
		struct cli_graph_cell *x = &L->cells[k];
		size_t i = k / 2;

		if (k % 2) {
			x->kind = CELL_HORIZ;
			x->lane = colour;
			continue;
		}
		if (i == c)
			x->kind = CELL_TEE;
		else if (L->end[i])
			x->kind = i == last ? (fork ? CELL_FORK_END
						     : CELL_JOIN_END)
					    : (fork ? CELL_FORK_MID
						    : CELL_JOIN_MID);
		else {
			x->kind = L->lane[i] ? CELL_CROSS : CELL_HORIZ;
			x->lane = colour;
		}
		if (L->end[i])
			colour = (unsigned)i;
	}
	memset(L->end, 0, L->cap);
	return emit(L, n, NULL);
}

/* The lane r is drawn on: the leftmost waiting for it, after joining the
 * others into it; or a free one.  SIZE_MAX: fn failed or out of memory
 * (*rc says which). */
static size_t take_lane(struct layout *L, const migrator_revision *r,
			int *rc)
{
	size_t c = (size_t)-1, last = 0;

	for (size_t i = 0; i < L->nl; i++) {
		if (L->lane[i] != r)
			continue;
		if (c == (size_t)-1)
			c = i;
		else
			L->end[last = i] = 1;
	}
	if (c == (size_t)-1) {
		c = free_lane(L, 0, L->ended);
		*rc = c == (size_t)-1 ? MIGRATOR_ENOMEM : 0;
		return c;
	}
	if (last) {
		*rc = connect(L, c, last, 0);
		for (size_t i = c + 1; i <= last; i++)
			if (L->lane[i] == r)
				L->lane[i] = NULL;
	}
	return *rc ? (size_t)-1 : c;
}

/* After r's row on lane c: the lane waits for r's first parent, and each
 * further parent gets a lane of its own, drawn as a fork. */
static int give_parents(struct layout *L, const migrator_revision *r,
			size_t c)
{
	size_t n = 0, last = 0, seen = 0;
	const migrator_revision *const *p =
		migrator_revision_links(r, MIGRATOR_LINK_PARENTS, &n);

	L->lane[c] = NULL;
	for (size_t k = 0; k < n; k++) {
		size_t t;

		if (!cli_revset_has(&L->in, p[k]))
			continue; /* out of the range: not drawn */
		t = seen++ ? free_lane(L, c + 1, (size_t)-1) : c;
		if (t == (size_t)-1)
			return MIGRATOR_ENOMEM;
		L->lane[t] = p[k];
		if (t != c) {
			L->end[t] = 1;
			last = t > last ? t : last;
		}
	}
	return last ? connect(L, c, last, 1) : 0;
}

static int walk(struct layout *L, const migrator_revlist *l)
{
	for (size_t k = 0; k < migrator_revlist_count(l); k++) {
		const migrator_revision *r = migrator_revlist_revision(l, k);
		int rc = 0;
		size_t c = take_lane(L, r, &rc), n;

		if (c == (size_t)-1)
			return rc;
		L->lane[c] = r;
		n = base_cells(L);
		L->cells[2 * c].kind = CELL_NODE;
		rc = emit(L, n, r);
		if (!rc)
			rc = give_parents(L, r, c);
		if (rc)
			return rc;
		L->ended = L->lane[c] ? (size_t)-1 : c;
		trim(L);
	}
	return 0;
}

int cli_graph_layout(const migrator_revlist *l, cli_graph_row_fn fn,
		     void *payload)
{
	struct layout L;
	int rc;

	memset(&L, 0, sizeof(L));
	L.fn = fn;
	L.payload = payload;
	L.ended = (size_t)-1;
	rc = cli_revset_init(&L.in, l);
	if (!rc)
		rc = grow(&L, 0);
	if (!rc)
		rc = walk(&L, l);
	cli_revset_free(&L.in);
	free(L.lane);
	free(L.end);
	free(L.cells);
	return rc;
}
