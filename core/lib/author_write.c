/*
 * author_write.c - writes a new revision file: a random ID, the slug of the
 * message, the header, and a safe create.
 *
 * The ID is 12 hex digits (48 bits) from getrandom(), falling back to
 * /dev/urandom where the call is missing.  A clash with an existing ID,
 * label or file is unlikely but cheap to rule out, so the ID is drawn
 * again.  After the write the directory is loaded once more: a revision
 * that would break the graph (a race with another writer, a header the
 * parser refuses) is removed again rather than left behind.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "author_int.h"
#include "file_io.h"
#include "graph_build.h"
#include "author.h"

/* Draws before giving up: each clash has a chance of about n / 2^48. */
#define MAX_DRAWS 64

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Length of the valid UTF-8 character at s (RFC 3629), 0 if invalid. */
static size_t utf8_char(const unsigned char *s)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, k;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
	} else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0; /* also stops at the NUL */
	for (k = 2; k <= need; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return need + 1;
}

int mg_author_message(struct mg_buf *out, const char *message,
		      mg_diag *d)
{
	const unsigned char *p = (const unsigned char *)(message ? message : "");
	const unsigned char *b, *e;

	for (const unsigned char *c = p; *c;) {
		size_t n = utf8_char(c);

		if (n == 0)
			return mg_diag_set(d, MIGRATOR_EUSAGE,
						 "the message is not valid "
						 "UTF-8");
		if (*c == '\n' || *c == '\r')
			return mg_diag_set(d, MIGRATOR_EUSAGE,
						 "the message must be one "
						 "line");
		if ((*c < 0x20 && *c != '\t') || *c == 0x7f)
			return mg_diag_set(d, MIGRATOR_EUSAGE,
						 "the message contains a "
						 "control character");
		c += n;
	}
	b = p;
	e = p + strlen(message ? message : "");
	while (b < e && (*b == ' ' || *b == '\t'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (b == e) {
		mg_diag_set(d, MIGRATOR_EUSAGE, "the message is empty");
		mg_diag_hint(d, "Say what the revision does: "
				      "-m \"add users.email\".");
		return MIGRATOR_EUSAGE;
	}
	mg_buf_reset(out);
	if (mg_buf_add(out, (const char *)b, (size_t)(e - b)) < 0)
		return nomem(d);
	return 0;
}

int mg_author_slug(struct mg_buf *out, const char *message)
{
	size_t cut;

	mg_buf_reset(out);
	for (const unsigned char *c = (const unsigned char *)message; *c;
	     c++) {
		int rc;

		if (is_alnum(*c))
			rc = mg_buf_putc(out, (char)(*c | (*c >= 'A' &&
						       *c <= 'Z' ? 0x20 : 0)));
		else if (out->len && out->ptr[out->len - 1] != '_')
			rc = mg_buf_putc(out, '_');
		else
			rc = 0;
		if (rc < 0)
			return rc;
	}
	if (out->len > MG_AUTHOR_SLUG_MAX) {
		/* Alembic's rule: cut, then drop the last partial word. */
		cut = MG_AUTHOR_SLUG_MAX;
		if (out->ptr[cut] != '_')
			while (cut > 0 && out->ptr[cut - 1] != '_')
				cut--;
		if (cut == 0) /* one long word */
			cut = MG_AUTHOR_SLUG_MAX;
		out->len = cut;
		out->ptr[cut] = '\0';
	}
	while (out->len && out->ptr[out->len - 1] == '_')
		out->ptr[--out->len] = '\0';
	if (out->len == 0)
		return mg_buf_puts(out, "revision");
	return 0;
}

static int read_urandom(unsigned char *buf, size_t n)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	if (fd < 0)
		return -1;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			close(fd);
			return -1;
		}
		got += (size_t)r;
	}
	close(fd);
	return 0;
}

/* 12 lowercase hex digits into id[0..12], NUL-terminated. */
static int random_id(char id[MG_AUTHOR_ID_LEN + 1], mg_diag *d)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[MG_AUTHOR_ID_LEN / 2];
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t r = getrandom(raw + got, sizeof(raw) - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == ENOSYS && read_urandom(raw, sizeof(raw)) == 0)
			break;
		if (r < 0) {
			mg_diag_set(d, MIGRATOR_EIO,
					  "cannot read random bytes for a "
					  "revision ID");
			mg_diag_detail(d, "%s.", strerror(errno));
			return MIGRATOR_EIO;
		}
		got += (size_t)r;
	}
	for (size_t i = 0; i < sizeof(raw); i++) {
		id[2 * i] = hex[raw[i] >> 4];
		id[2 * i + 1] = hex[raw[i] & 0xf];
	}
	id[MG_AUTHOR_ID_LEN] = '\0';
	return 0;
}

/* An ID no revision has, no label names, and no ID starts with. */
static int id_is_free(const mg_graph *g, const char *id)
{
	size_t first;

	return !mg_graph_get(g, id) && !mg_graph_label(g, id) &&
	       mg_graph_prefix(g, id, &first) == 0;
}

/* f->id, which the caller checked, into id; one the graph has already is
 * MIGRATOR_EUSAGE. */
static int given_id(char id[MG_AUTHOR_ID_MAX + 1], const mg_graph *g,
		    const char *want, mg_diag *d)
{
	if (strlen(want) > MG_AUTHOR_ID_MAX)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
				   "revision ID \"%s\" is too long", want);
	if (mg_graph_get(g, want))
		return mg_diag_set(d, MIGRATOR_EUSAGE,
				   "revision %s exists already in %s", want,
				   mg_graph_dir(g) ? mg_graph_dir(g) : ".");
	memcpy(id, want, strlen(want) + 1);
	return 0;
}

static int put_list(struct mg_buf *b, const char *key,
		    const char *const *v, size_t n)
{
	int rc = mg_buf_printf(b, "-- migrator:%s", key);

	for (size_t i = 0; !rc && i < n; i++)
		rc = mg_buf_printf(b, "%s%s", i ? ", " : " ", v[i]);
	return rc ? rc : mg_buf_putc(b, '\n');
}

/* "\n-- migrator:KEY\n", the text without trailing blanks, "\n"; an
 * empty section is one empty line, as `revision` writes it. */
static int put_section(struct mg_buf *b, const char *key, const char *text)
{
	size_t n = text ? strlen(text) : 0;
	int rc = mg_buf_printf(b, "\n-- migrator:%s\n", key);

	while (n && (text[n - 1] == '\n' || text[n - 1] == '\r' ||
		     text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	if (!rc && n)
		rc = mg_buf_add(b, text, n);
	return rc ? rc : mg_buf_putc(b, '\n');
}

static int render(struct mg_buf *b, const char *id,
		  const struct mg_author_file *f)
{
	char date[64] = "";
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if (now != (time_t)-1 && gmtime_r(&now, &tm))
		if (strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S UTC",
			     &tm) == 0)
			date[0] = '\0';
	mg_buf_reset(b);
	rc = mg_buf_printf(b, "-- migrator:revision %s\n", id);
	rc = rc ? rc : put_list(b, "down_revision", f->parents, f->n_parents);
	rc = rc ? rc : mg_buf_printf(b, "-- migrator:message %s\n",
				     f->message);
	if (!rc && f->n_labels)
		rc = put_list(b, "branch_labels", f->labels, f->n_labels);
	if (!rc && f->n_depends)
		rc = put_list(b, "depends_on", f->depends, f->n_depends);
	if (!rc && f->nontransactional)
		rc = mg_buf_puts(b, "-- migrator:transactional false\n");
	if (!rc && date[0])
		rc = mg_buf_printf(b, "-- Created by migrator %s, %s.\n",
				   f->made_by ? f->made_by
					      : f->body ? "diff" : "revision",
				   date);
	if (!rc && f->comment)
		rc = mg_buf_puts(b, f->comment);
	if (!rc && f->body)
		return mg_buf_printf(b, "\n%s", f->body);
	rc = rc ? rc : put_section(b, "upgrade", f->upgrade);
	rc = rc ? rc : put_section(b, "downgrade", f->downgrade);
	if (!rc && f->verify)
		rc = put_section(b, "verify", f->verify);
	return rc;
}

/* Creates path with text, or leaves nothing behind.  1: it exists. */
static int create_file(const char *path, const struct mg_buf *text,
		       mg_diag *d)
{
	int fd, err;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY,
		  0666);
	if (fd < 0 && errno == EEXIST)
		return 1;
	if (fd < 0)
		return mg_io_error(d, "create", path, errno);
	if (mg_write_all(fd, text->ptr, text->len) < 0) {
		err = errno;
		close(fd);
		unlink(path);
		return mg_io_error(d, "write", path, err);
	}
	if (close(fd) < 0) {
		err = errno;
		unlink(path);
		return mg_io_error(d, "write", path, err);
	}
	return 0;
}

/* Loads the directory again: the new file must parse, link, and have the
 * parents it was written with. */
static int verify(const char *dir, const char *path, const char *id,
		  const struct mg_author_file *f, mg_diag *d)
{
	mg_diag d2 = MG_DIAG_INIT;
	mg_graph *g2 = NULL;
	const struct migrator_revision *r;
	int rc;

	rc = mg_graph_load(&g2, dir, &d2);
	if (rc) {
		mg_diag_set(d, rc, "the migrations do not load with "
					 "the new revision: %s",
				  d2.message ? d2.message : "failed");
		mg_diag_locate(d, d2.file, d2.line);
		mg_diag_detail(d, "%s was removed again.", path);
		goto out;
	}
	r = mg_graph_get(g2, id);
	if (!r || r->n_parents != f->n_parents ||
	    r->n_depends != f->n_depends) {
		rc = mg_diag_set(d, MIGRATOR_EIO,
				       "%s does not read back as written",
				       path);
		mg_diag_detail(d, "It was removed again.");
	}
out:
	mg_graph_free(g2);
	mg_diag_clear(&d2);
	return rc;
}

int mg_author_write(char **path_out, const mg_graph *g,
		    const struct mg_author_file *f, mg_diag *d)
{
	struct mg_buf text = MG_BUF_INIT, slug = MG_BUF_INIT,
		      path = MG_BUF_INIT, dir = MG_BUF_INIT;
	const char *gdir = mg_graph_dir(g);
	char id[MG_AUTHOR_ID_MAX + 1];
	size_t dlen;
	int rc, draws = 0;

	*path_out = NULL;
	if (!gdir)
		gdir = ".";
	dlen = strlen(gdir);
	while (dlen > 1 && gdir[dlen - 1] == '/')
		dlen--;
	if (mg_buf_add(&dir, gdir, dlen) < 0 ||
	    mg_author_slug(&slug, f->message) < 0) {
		rc = nomem(d);
		goto out;
	}
	for (;;) {
		if (++draws > MAX_DRAWS) {
			rc = mg_diag_set(d, MIGRATOR_EIO,
					       "no free revision ID after %d "
					       "draws",
					       MAX_DRAWS);
			goto out;
		}
		if (f->id)
			rc = given_id(id, g, f->id, d);
		else
			rc = random_id(id, d);
		if (rc)
			goto out;
		if (!f->id && !id_is_free(g, id))
			continue;
		mg_buf_reset(&path);
		if (mg_buf_printf(&path, "%s%s%s_%s.sql", mg_buf_cstr(&dir),
				  strcmp(mg_buf_cstr(&dir), "/") ? "/" : "",
				  id, mg_buf_cstr(&slug)) < 0 ||
		    render(&text, id, f) < 0) {
			rc = nomem(d);
			goto out;
		}
		rc = create_file(mg_buf_cstr(&path), &text, d);
		if (rc == 1 && f->id) {
			rc = mg_diag_set(d, MIGRATOR_EUSAGE,
					 "%s already exists",
					 mg_buf_cstr(&path));
			break;
		}
		if (rc != 1)
			break;
	}
	if (rc)
		goto out;
	rc = verify(mg_buf_cstr(&dir), mg_buf_cstr(&path), id, f, d);
	if (rc) {
		unlink(mg_buf_cstr(&path));
		goto out;
	}
	*path_out = mg_buf_detach(&path);
out:
	mg_buf_free(&text);
	mg_buf_free(&slug);
	mg_buf_free(&path);
	mg_buf_free(&dir);
	return rc;
}
