#include "config.h"

#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_MIN (64u * 1024u)

struct mg_arena_block {
	struct mg_arena_block *next;
	size_t used;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

static size_t align_up(size_t n)
{
	size_t a = alignof(max_align_t);
	return (n + a - 1) & ~(a - 1);
}

void *mg_arena_alloc_raw(struct mg_arena *a, size_t size)
{
	struct mg_arena_block *b = a->head;
	size_t need = align_up(size ? size : 1);
	void *p;

	if (need < size)
		return NULL; /* overflow */
	if (!b || b->size - b->used < need) {
		size_t bsize = need > ARENA_BLOCK_MIN ? need : ARENA_BLOCK_MIN;
		if (bsize > SIZE_MAX - sizeof(*b))
			return NULL;
		b = malloc(sizeof(*b) + bsize);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = bsize;
		/* Keep the roomier block at the head so big allocations do not
		 * waste the rest of a fresh small-allocation block. */
		if (a->head && need > ARENA_BLOCK_MIN) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	return p;
}

void *mg_arena_alloc(struct mg_arena *a, size_t size)
{
	void *p = mg_arena_alloc_raw(a, size);

	if (p)
		memset(p, 0, size);
	return p;
}

char *mg_arena_strndup(struct mg_arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX)
		return NULL;
	p = mg_arena_alloc_raw(a, len + 1); /* every byte is written below */
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *mg_arena_strdup(struct mg_arena *a, const char *s)
{
	return mg_arena_strndup(a, s, strlen(s));
}

void mg_arena_adopt(struct mg_arena *dst, struct mg_arena *src)
{
	struct mg_arena_block *tail = src->head;

	if (!tail)
		return;
	while (tail->next)
		tail = tail->next;
	/* src's blocks go after dst's head block, which stays the one that
	 * serves new allocations. */
	if (dst->head) {
		tail->next = dst->head->next;
		dst->head->next = src->head;
	} else {
		dst->head = src->head;
	}
	src->head = NULL;
}

void mg_arena_free(struct mg_arena *a)
{
	struct mg_arena_block *b = a->head;

	while (b) {
		struct mg_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}
