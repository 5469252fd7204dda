/*
 * lint_rules.h - the lint plugin's rules engine, free of the hook ABI.
 *
 * Input: one section of one migration file, as statements (the core's
 * splitter cuts them, core/lib/sql_split.c; the hook ABI hands them over
 * with their file lines), the dialect it will run on, the direction and
 * whether the revision runs in a transaction.  Output: findings, each with
 * the file line of the clause at fault, a rule and a one-line reason.
 *
 * A table is "existing" unless a CREATE TABLE earlier in the same section
 * made it: rules about locking, rewriting or filling rows do not fire on a
 * table the revision itself creates.
 */
#ifndef LINT_RULES_H
#define LINT_RULES_H

#include <stddef.h>

enum lint_dialect { LINT_POSTGRESQL, LINT_SQLITE };

struct lint_rule {
	const char *id;	  /* "index-not-concurrent" */
	enum lint_dialect dialect;
	const char *why;  /* a sentence: what goes wrong */
	const char *hint; /* a sentence: what to do instead */
};

/* Every rule, in a fixed order, ending with {NULL}. */
extern const struct lint_rule lint_rules[];

struct lint_finding {
	unsigned line; /* file line */
	const struct lint_rule *rule;
	char *reason; /* malloc'd, one lower-case line without final period */
};

struct lint_findings {
	struct lint_finding *v;
	size_t n;
	size_t cap;
};

#define LINT_FINDINGS_INIT {NULL, 0, 0}

/* One statement: sql[0..len), without its ';'. */
struct lint_stmt {
	const char *sql;
	size_t len;
	unsigned line; /* file line on which sql[0] stands */
};

struct lint_section {
	enum lint_dialect dialect;
	int upgrade;	   /* 1 for an upgrade section, 0 for a downgrade */
	int transactional; /* 0 for "-- migrator:transactional false" */
	const struct lint_stmt *stmts;
	size_t n_stmts;
};

/*
 * Appends the findings of sec to out, in statement order.  Returns 0, or
 * -1 when out of memory (out then holds what was found before).
 */
int lint_check(struct lint_findings *out, const struct lint_section *sec);

/* The dialect a backend or section name stands for; -1 when neither. */
int lint_dialect_from_name(const char *name);

void lint_findings_free(struct lint_findings *f);

#endif
