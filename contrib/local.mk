# Helpers shipped with migrator that are not C, installed in
# $(pkglibexecdir) ($(libexecdir)/migrator): the programs migrator runs.
# migrator-import-alembic (issue 17): `migrator import --from alembic`
# runs it; a Python 3 script using Debian's python3-alembic.
pkglibexec_SCRIPTS += %reldir%/migrator-import-alembic
EXTRA_DIST += %reldir%/migrator-import-alembic
