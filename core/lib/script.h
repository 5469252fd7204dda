/*
 * script.h - one migration file, parsed (DESIGN 1).
 *
 * Every string points into memory owned by the graph the script belongs to
 * (or by the arena handed to the parser) and lives as long as it does.
 */
#ifndef MG_SCRIPT_H
#define MG_SCRIPT_H

#include <stddef.h>

#include <migrator/migrator.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MG_REVISION_MAX 32 /* DESIGN 6: longer IDs are rejected */

/* A section ("-- migrator:upgrade [dialect]", "-- migrator:downgrade
 * [dialect]", "-- migrator:verify [dialect]") is the public struct
 * migrator_section of <migrator/migrator.h>. */

/* A file's identity as fstat saw it (has == 0: none). */
struct mg_file_id {
	int has;
	unsigned long long dev, ino, size;
	long long mtime_s, ctime_s;
	long mtime_ns, ctime_ns;
};

struct mg_script {
	const char *path;     /* as given to the parser */
	const char *revision; /* never NULL in a parsed script */
	const char *message;  /* "" when absent */
	const char *const *down_revisions; /* parents; n_down_revisions == 0: root */
	size_t n_down_revisions;
	const char *const *depends_on;
	size_t n_depends_on;
	const char *const *branch_labels;
	size_t n_branch_labels;
	int transactional; /* 1 unless "-- migrator:transactional false" */
	/* lock timeouts: "-- migrator:lock_timeout" and
	 * "-- migrator:statement_timeout" in ms, 0 for none;
	 * has_lock_timeout: the file sets one (its 0 then overrides the
	 * run's default) */
	int has_lock_timeout;
	unsigned lock_timeout_ms, statement_timeout_ms;
	/* Lines of the header keys, for messages (0 when absent). */
	unsigned revision_line, down_revision_line, depends_on_line;
	const struct migrator_section *sections; /* in file order */
	size_t n_sections;
	/* "-- migrator:verify [dialect]" sections, in file order, with
	 * direction MIGRATOR_UPGRADE (the upgrade they check).  Apart from
	 * sections: a program written before they existed lists the
	 * sections with migrator_revision_section() and reads direction as
	 * upgrade or downgrade, so a verify section there would pass for a
	 * second upgrade section (or, read as "not upgrade", a downgrade).
	 * direction itself gets no third value for the same reason, and
	 * because it is also the direction of plans and runs, which a
	 * verify section is not. */
	const struct migrator_section *verify_sections;
	size_t n_verify_sections;
	/* The file's identity, fstat'ed on the descriptor the text was then
	 * read from (has == 0: not read from a file), for the checksum cache
	 * (sum_cache.c): taken before the read, it is never newer than the
	 * text. */
	struct mg_file_id file_id;
};

/*
 * The section that runs for direction on dialect: the dialect's own if the
 * file has one, else the plain one, else NULL.
 */
const struct migrator_section *
mg_script_section(const struct mg_script *s,
			enum migrator_direction direction, const char *dialect);

/*
 * The same for a dialect of several names (NULL-terminated: a driver's
 * dialect, then the aliases it declares; NULL: none): the section of the
 * first name the file has.  *n_named (if not NULL) is how many of the
 * direction's sections bear one of the names: more than one is ambiguous.
 */
const struct migrator_section *
mg_script_section_of(const struct mg_script *s,
			   enum migrator_direction direction,
			   const char *const *names, size_t *n_named);

/* The verify section that runs for the dialect of several names, as
 * mg_script_section_of() picks an upgrade section: the dialect's own,
 * else the plain one, else NULL. */
const struct migrator_section *
mg_script_verify_of(const struct mg_script *s, const char *const *names,
		    size_t *n_named);

#ifdef __cplusplus
}
#endif
#endif
