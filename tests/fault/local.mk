# The fault-injection helpers of tests/e2e/faults*.bats and security*.bats:
# shell helpers, a chain generator, servers that never answer or fake
# PostgreSQL's authentication, and a libpq shim whose send fails
# (compiled by the suites themselves).
EXTRA_DIST += %reldir%/fault_helpers.bash %reldir%/gen_chain.sh \
	%reldir%/silent_server.c %reldir%/fake_pg_auth.c \
	%reldir%/pq_fail_send.c
