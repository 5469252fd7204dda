/*
 * silent_server.c - a server that accepts TCP connections on 127.0.0.1 and
 * never says a word (issue 21: a PostgreSQL server that hangs in start-up),
 * for the connect timeout test in tests/e2e/faults_pg.bats.
 *
 *     silent_server PORT_FILE
 *
 * Listens on a free port, writes its number to PORT_FILE (complete once the
 * file is renamed into place), and holds every connection open, reading
 * and dropping what clients send, until killed.  Built by the test with $CC.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FDS 64

static int write_port(const char *file, unsigned port)
{
	size_t n = strlen(file) + 5;
	char *tmp = malloc(n);
	FILE *f;
	int rc = -1;

	if (!tmp)
		return -1;
	snprintf(tmp, n, "%s.tmp", file);
	f = fopen(tmp, "w");
	if (f && fprintf(f, "%u\n", port) > 0 && fclose(f) == 0) {
		f = NULL;
		rc = rename(tmp, file);
	}
	if (f)
		fclose(f);
	free(tmp);
	return rc;
}

int main(int argc, char **argv)
{
	struct pollfd fds[MAX_FDS];
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	nfds_t n = 1;
	int s;

	if (argc != 2) {
		fprintf(stderr, "usage: silent_server PORT_FILE\n");
		return 2;
	}
	s = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(s, 16) != 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) != 0 ||
	    write_port(argv[1], ntohs(sa.sin_port)) != 0) {
		perror("silent_server");
		return 1;
	}
	fds[0].fd = s;
	fds[0].events = POLLIN;
	for (;;) {
		if (poll(fds, n, -1) < 0) {
			perror("silent_server: poll");
			return 1;
		}
		if ((fds[0].revents & POLLIN) && n < MAX_FDS) {
			int c = accept(s, NULL, NULL);

			if (c >= 0) {
				fds[n].fd = c;
				fds[n].events = POLLIN;
				fds[n].revents = 0;
				n++;
			}
		}
		for (nfds_t i = 1; i < n; i++) {
			char buf[512];

			if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (read(fds[i].fd, buf, sizeof(buf)) <= 0) {
				close(fds[i].fd); /* the client gave up */
				fds[i--] = fds[--n];
			}
		}
	}
}
