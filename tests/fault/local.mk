# The fault-injection helpers of tests/e2e/faults*.bats and security*.bats:
# shell helpers, a chain generator, and servers that never answer or fake
# PostgreSQL's authentication (compiled by the suites themselves).
EXTRA_DIST += %reldir%/fault_helpers.bash %reldir%/gen_chain.sh \
	%reldir%/silent_server.c %reldir%/fake_pg_auth.c
