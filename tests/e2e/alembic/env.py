"""Alembic's generic env.py, with the URL from `-x url=...`."""
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
url = context.get_x_argument(as_dictionary=True).get("url")
if not url:
    raise SystemExit("env.py: give the database as -x url=...")


def run_migrations_offline():
    context.configure(url=url, target_metadata=None, literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = engine_from_config({"sqlalchemy.url": url}, prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None,
                          transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
