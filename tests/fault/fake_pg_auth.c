/*
 * fake_pg_auth.c - a stand-in PostgreSQL server for the password tests
 * (tests/e2e/security_pg.bats): it listens on a Unix socket, asks each
 * client for a cleartext password, appends what it received to a file
 * (so a test can see the password did reach the server), and refuses with
 * SQLSTATE 28P01, as a real server does on a wrong password.
 *
 *     fake_pg_auth SOCKET GOT_FILE MAX_CONNECTIONS
 *
 * Built by the test with $CC; it speaks just enough protocol 3.0 for that.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int read_full(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);

		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A length-prefixed body (the length counts itself), malloc'd. */
static char *read_body(int fd, uint32_t *len_out)
{
	uint32_t len;
	char *body;

	if (read_full(fd, &len, 4))
		return NULL;
	len = ntohl(len);
	if (len < 4 || len > 65536)
		return NULL;
	body = calloc(1, len - 4 + 1);
	if (!body || read_full(fd, body, len - 4)) {
		free(body);
		return NULL;
	}
	*len_out = len - 4;
	return body;
}

static void serve(int fd, FILE *got)
{
	static const char err[] =
		"SFATAL\0VFATAL\0C28P01\0"
		"Mpassword authentication failed for user \"someone\"\0";
	unsigned char ask[9] = {'R', 0, 0, 0, 8, 0, 0, 0, 3};
	unsigned char hdr[5];
	uint32_t n, code;
	char *body;

	for (;;) { /* SSLRequest / GSSENCRequest: say no, read again */
		body = read_body(fd, &n);
		if (!body || n < 4)
			goto out;
		memcpy(&code, body, 4);
		code = ntohl(code);
		if (code != 80877103 && code != 80877104)
			break;
		free(body);
		if (write_full(fd, "N", 1))
			return;
	}
	free(body);
	if (write_full(fd, ask, sizeof(ask)))
		return;
	if (read_full(fd, hdr, 1) || hdr[0] != 'p')
		return;
	body = read_body(fd, &n);
	if (!body)
		return;
	fprintf(got, "%s\n", body);
	fflush(got);
	free(body);
	hdr[0] = 'E';
	n = htonl((uint32_t)(4 + sizeof(err) + 1));
	memcpy(hdr + 1, &n, 4);
	if (write_full(fd, hdr, 5) == 0)
		write_full(fd, err, sizeof(err) + 1); /* the final NUL ends it */
	return;
out:
	free(body);
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa;
	FILE *got;
	int ls, max;

	if (argc != 4) {
		fprintf(stderr, "usage: fake_pg_auth SOCKET GOT_FILE MAX\n");
		return 2;
	}
	max = atoi(argv[3]);
	got = fopen(argv[2], "a");
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (!got || ls < 0 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		perror("fake_pg_auth");
		return 1;
	}
	strcpy(sa.sun_path, argv[1]);
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) || listen(ls, 8)) {
		perror("fake_pg_auth: bind");
		return 1;
	}
	for (int i = 0; i < max; i++) {
		int fd = accept(ls, NULL, NULL);

		if (fd < 0)
			break;
		serve(fd, got);
		close(fd);
	}
	close(ls);
	unlink(argv[1]);
	fclose(got);
	return 0;
}
