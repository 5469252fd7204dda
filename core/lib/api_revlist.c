/*
 * api_revlist.c - the public facade: revision lists (<migrator/migrator.h>)
 * and the start and end of the calls that return one.
 *
 * A list is one allocation: its entries, then a copy of every ID, so that
 * the IDs outlive the context (v1's contract) without a strdup each.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"

/* The list of n entries: revs[i] (or g's revision of ids[i] when revs is
 * NULL) with the ID ids[i] (or revs[i]->id when ids is NULL). */
static migrator_revlist *make(const mg_graph *g,
			      const struct migrator_revision *const *revs,
			      const char *const *ids, size_t n)
{
	size_t head = offsetof(migrator_revlist, e), text = 0;
	migrator_revlist *l;
	char *p;

	if (n > (SIZE_MAX - head) / sizeof(l->e[0]))
		return NULL;
	head += n * sizeof(l->e[0]);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(ids ? ids[i] : revs[i]->id) + 1;

		if (len > SIZE_MAX - head - text)
			return NULL;
		text += len;
	}
	l = malloc(head + text);
	if (!l)
		return NULL;
	l->n = n;
	p = (char *)l + head;
	for (size_t i = 0; i < n; i++) {
		const char *id = ids ? ids[i] : revs[i]->id;
		size_t len = strlen(id) + 1;

		l->e[i].rev = revs ? revs[i] : g ? mg_graph_get(g, id) : NULL;
		l->e[i].id = memcpy(p, id, len);
		p += len;
	}
	return l;
}

migrator_revlist *mg_api_revlist_new(const struct migrator_revision *const *v,
				     size_t n)
{
	return make(NULL, v, NULL, n);
}

migrator_revlist *mg_api_revlist_of_ids(const mg_graph *g,
					const char *const *ids, size_t n)
{
	return make(g, NULL, ids, n);
}

size_t migrator_revlist_count(const migrator_revlist *list)
{
	return list ? list->n : 0;
}

const char *migrator_revlist_get(const migrator_revlist *list, size_t i)
{
	return list && i < list->n ? list->e[i].id : NULL;
}

const migrator_revision *migrator_revlist_revision(const migrator_revlist *list,
						   size_t i)
{
	return list && i < list->n ? list->e[i].rev : NULL;
}

void migrator_revlist_free(migrator_revlist *list)
{
	free(list);
}

int mg_api_begin_list(migrator_ctx *ctx, migrator_revlist **out)
{
	int rc;

	if (out)
		*out = NULL;
	rc = mg_api_enter(ctx);
	if (rc == 0 && !out)
		rc = mg_api_end(ctx, mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
						 "no place for the result given"));
	return rc;
}

int mg_api_end_list(migrator_ctx *ctx, migrator_revlist **out,
		    const struct migrator_revision *const *v, size_t n, int rc)
{
	if (!ctx)
		return rc;
	if (rc == 0) {
		*out = mg_api_revlist_new(v, n);
		if (!*out)
			rc = mg_diag_set(&ctx->diag, MIGRATOR_ENOMEM,
					 "out of memory");
	}
	return mg_api_end(ctx, rc);
}
