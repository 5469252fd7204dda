/*
 * arena.h - a bump allocator: many small allocations, one free.
 *
 * A graph keeps every script, string and node it parsed in one arena, so
 * loading thousands of files costs few mallocs and freeing cannot leak
 * (PostgreSQL's memory contexts).
 */
#ifndef MG_ARENA_H
#define MG_ARENA_H

#include <stddef.h>

struct mg_arena_block;

struct mg_arena {
	struct mg_arena_block *head;
};

#define MG_ARENA_INIT {NULL}

/* Zeroed memory aligned for any type, or NULL when out of memory. */
void *mg_arena_alloc(struct mg_arena *a, size_t size);
/* Like mg_arena_alloc, but the memory is not zeroed: for buffers the
 * caller fills at once, such as string copies. */
void *mg_arena_alloc_raw(struct mg_arena *a, size_t size);
/* A NUL-terminated copy of s[0..len), or NULL. */
char *mg_arena_strndup(struct mg_arena *a, const char *s, size_t len);
char *mg_arena_strdup(struct mg_arena *a, const char *s);
/* Moves every block of src into dst (src is left empty): what was
 * allocated from src is then freed with dst. */
void mg_arena_adopt(struct mg_arena *dst, struct mg_arena *src);
void mg_arena_free(struct mg_arena *a);

#endif
