# The benchmark (bench/README.md): run by hand, not by make check.  It reads
# the Kratos corpus from tests/corpora.
EXTRA_DIST += %reldir%/README.md %reldir%/RESULTS.md %reldir%/run.sh \
	%reldir%/profile.sh %reldir%/gen_linear.sh %reldir%/gen_graph.sh \
	%reldir%/fleet.sh
