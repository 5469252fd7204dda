/*
 * pq_fail_send.c - an LD_PRELOAD shim for tests/unit/pg_pipe_send.sh: libpq's
 * PQsendQueryParams fails (returns 0, the connection left good) for the
 * statement whose text is $PQ_FAIL_SEND, once; every other call goes to
 * libpq.  So a test can make the PostgreSQL driver's pipelined COMMIT
 * fail to send while the connection is fine (pg_pipe.c).
 *
 *     cc -shared -fPIC -o pq_fail_send.so pq_fail_send.c -ldl -Wl,--no-as-needed -lpq
 *
 * Linked with libpq: the driver finds the pipeline functions through the
 * library its PQsendQueryParams comes from (pg_pipe.c), this one then.
 *
 * Built by the test with $CC.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

typedef struct pg_conn PGconn;
typedef unsigned int Oid;

int PQsendQueryParams(PGconn *conn, const char *command, int nParams,
		      const Oid *paramTypes, const char *const *paramValues,
		      const int *paramLengths, const int *paramFormats,
		      int resultFormat);

int PQsendQueryParams(PGconn *conn, const char *command, int nParams,
		      const Oid *paramTypes, const char *const *paramValues,
		      const int *paramLengths, const int *paramFormats,
		      int resultFormat)
{
	static int done;
	int (*real)(PGconn *, const char *, int, const Oid *,
		    const char *const *, const int *, const int *, int);
	const char *fail = getenv("PQ_FAIL_SEND");

	if (!done && fail && command && strcmp(command, fail) == 0) {
		done = 1;
		return 0;
	}
	*(void **)&real = dlsym(RTLD_NEXT, "PQsendQueryParams");
	return real ? real(conn, command, nParams, paramTypes, paramValues,
			   paramLengths, paramFormats, resultFormat)
		    : 0;
}
