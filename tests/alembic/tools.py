"""Running the two tools on a SQLite file and reading back what they did."""

import io
import os
import sqlite3
import subprocess
import warnings

from alembic import command
from alembic.config import Config
from alembic.script.revision import RevisionError
from alembic.util import CommandError

VERSION_TABLE = "alembic_version"
# Alembic's own DDL for its table (what migrator must also accept as is).
VERSION_DDL = ("CREATE TABLE alembic_version ("
               "version_num VARCHAR(32) NOT NULL,"
               " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")


def make_state(path, applied=(), rows=None):
    """A start database: the log table, and optionally revisions already
    applied (their tables) and stamp rows."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                " step TEXT NOT NULL)")
    for r in applied:
        con.execute("CREATE TABLE t_%s (x INTEGER)" % r)
    if rows is not None:
        con.execute(VERSION_DDL)
        con.executemany("INSERT INTO alembic_version VALUES (?)",
                        [(r,) for r in rows])
    con.commit()
    con.close()


class State:
    """What a database holds: stamp rows, t_* tables, and the log."""

    def __init__(self, path):
        con = sqlite3.connect(path)
        try:
            names = {n for (n,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            self.rows = frozenset(
                v for (v,) in con.execute("SELECT version_num FROM "
                                          "alembic_version")
            ) if VERSION_TABLE in names else frozenset()
            self.tables = frozenset(n[2:] for n in names if n.startswith("t_"))
            self.log = [s for (_, s) in con.execute(
                "SELECT id, step FROM log ORDER BY id")]
        finally:
            con.close()


class Result:
    def __init__(self, target, error, message, state, start, warned=()):
        self.target = target
        self.error = error          # None, "clean" or "internal"
        self.message = message
        self.warned = list(warned)  # Alembic's warnings
        self.rows = state.rows
        self.tables = state.tables
        self.steps = state.log[len(start.log):]

    def show(self):
        s = "error (%s): %s\n" % (self.error, self.message) if self.error \
            else "ok\n"
        s += "".join("    warning: %s\n" % w for w in self.warned)
        return (s + "    steps:  %s\n    rows:   %s\n    tables: %s"
                % (" ".join(self.steps) or "-", sorted(self.rows),
                   sorted(self.tables)))


# Errors by which Alembic refuses a target or a state on purpose; anything
# else (KeyError, AssertionError, ...) is an internal failure.
CLEAN_ERRORS = (CommandError, RevisionError)


def alembic_config(script_dir, db):
    cfg = Config(stdout=io.StringIO())
    cfg.set_main_option("script_location", script_dir)
    cfg.set_main_option("sqlalchemy.url", "sqlite:///" + db)
    return cfg


def run_alembic(script_dir, db, verb, target):
    start = State(db)
    cfg = alembic_config(script_dir, db)
    error = message = None
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        try:
            getattr(command, verb)(cfg, target)
        except CLEAN_ERRORS as e:
            error, message = "clean", "%s: %s" % (type(e).__name__, e)
        except Exception as e:  # any other exception is Alembic failing
            error, message = "internal", "%s: %s" % (type(e).__name__, e)
    return Result(target, error, message, State(db), start,
                  [str(w.message) for w in warned])


def alembic_graph(script_dir):
    """(heads, branches) as `alembic heads` and `alembic branches` print
    them: a set of IDs, and a set of (branch point, child) pairs."""
    cfg = alembic_config(script_dir, "/nonexistent")
    command.heads(cfg)
    heads = {ln.split()[0] for ln in cfg.stdout.getvalue().splitlines()
             if ln.strip()}
    cfg = alembic_config(script_dir, "/nonexistent")
    command.branches(cfg)
    return heads, _branches(cfg.stdout.getvalue())


def _branches(text):
    pairs, point = set(), None
    for ln in text.splitlines():
        if not ln.strip():
            continue
        if ln.lstrip().startswith("->"):
            pairs.add((point, ln.split("->", 1)[1].split()[0].rstrip(",")))
        else:
            point = ln.split()[0].rstrip(",")
    return pairs


def migrator_cmd(mig_dir, db, *args):
    exe = os.environ["MIGRATOR"]
    return [exe, "-q", "-m", mig_dir, "-d", "sqlite:///" + db,
            "--version-table", VERSION_TABLE] + list(args)


def run_migrator(mig_dir, db, verb, target):
    start = State(db)
    p = subprocess.run(migrator_cmd(mig_dir, db, verb, target),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    error = message = None
    if p.returncode != 0:
        error = "clean" if p.returncode in (1, 2) else "internal"
        message = "exit %d: %s" % (p.returncode, p.stderr.strip())
    return Result(target, error, message, State(db), start)


def migrator_graph(mig_dir):
    out = []
    for verb in ("heads", "branches"):
        p = subprocess.run(migrator_cmd(mig_dir, "/nonexistent", verb),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        if p.returncode != 0:
            raise RuntimeError("migrator %s: exit %d: %s"
                               % (verb, p.returncode, p.stderr.strip()))
        out.append(p.stdout)
    heads = {ln.split()[0].rstrip(",") for ln in out[0].splitlines()
             if ln.strip()}
    return heads, _branches(out[1])
