"""Revision graphs for the differential test: random ones from a seed, the
issue's fixed reproductions, and writing a graph out as Alembic scripts and
as migrator files with the same SQL."""

import os

# Three-character stems, so that IDs share prefixes (a1b0, a1b7, a1c2) and
# a prefix of three characters is sometimes unique, sometimes ambiguous.
# Hex only: no prefix of an ID is also a prefix of a label (lb1, lb2).
STEMS = ("a1b", "a1c", "b2a", "c3d", "0f0")
HEX = "0123456789abcdef"


class Rev:
    def __init__(self, rid, parents=(), deps=(), labels=()):
        self.id = rid
        self.parents = tuple(parents)
        self.deps = tuple(deps)
        self.labels = tuple(labels)


class Graph:
    """Revisions in creation order (every parent and dependency first)."""

    def __init__(self, revs):
        self.revs = list(revs)
        self.by_id = {r.id: r for r in self.revs}

    def ids(self):
        return [r.id for r in self.revs]

    def below(self, rid):
        """Parents and dependencies: what must be applied before rid."""
        r = self.by_id[rid]
        return set(r.parents) | set(r.deps)

    def ancestors(self, rid, with_deps=True):
        seen, todo = set(), [rid]
        while todo:
            r = self.by_id[todo.pop()]
            for p in r.parents + (r.deps if with_deps else ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    def line(self, label):
        """The labelled revision and its descendants along down_revision."""
        out = {r.id for r in self.revs if label in r.labels}
        for r in self.revs:  # creation order: parents come first
            if set(r.parents) & out:
                out.add(r.id)
        return out

    def heads(self):
        """Revisions that are nobody's down_revision."""
        used = {p for r in self.revs for p in r.parents}
        return [r.id for r in self.revs if r.id not in used]

    def labels(self):
        return [lb for r in self.revs for lb in r.labels]

    def describe(self):
        out = []
        for r in self.revs:
            s = r.id + " <- " + (", ".join(r.parents) or "(root)")
            if r.deps:
                s += "  dep " + ", ".join(r.deps)
            if r.labels:
                s += "  label " + ", ".join(r.labels)
            out.append(s)
        return "\n".join(out)


def random_graph(rng):
    n = rng.randint(4, 11)
    revs, ids, nlabel = [], set(), 0
    for i in range(n):
        while True:
            if ids and rng.random() < 0.08:
                rid = rng.choice(sorted(ids)) + rng.choice(HEX)  # a1b0, a1b05
            else:
                rid = rng.choice(STEMS) + rng.choice(HEX)
            if rid not in ids:
                break
        g = Graph(revs)
        heads = g.heads()
        nroots = sum(1 for r in revs if not r.parents)
        x = rng.random()
        if not revs or (x < 0.18 and nroots < 4):
            parents = []
        elif x < 0.42 and len(heads) >= 2:
            k = 3 if len(heads) >= 3 and rng.random() < 0.35 else 2
            parents = rng.sample(heads, k)
        elif x < 0.62:
            parents = [rng.choice(g.ids())]  # often a branch point
        else:
            parents = [rng.choice(heads)]
        deps = []
        if revs and rng.random() < 0.3:
            anc = set(parents)
            for p in parents:
                anc |= g.ancestors(p, with_deps=False)
            cands = [r for r in g.ids() if r not in anc]
            if cands:
                deps = rng.sample(cands, min(len(cands),
                                             2 if rng.random() < 0.2 else 1))
        labels = []
        if rng.random() < 0.22:
            nlabel += 1
            labels = ["lb%d" % nlabel]
        revs.append(Rev(rid, parents, deps, labels))
        ids.add(rid)
    return Graph(revs)


def fixed(spec):
    """Graph from [(id, parents, deps)] as the issue writes them."""
    return Graph(Rev(i, p, d) for i, p, d in spec)


def _sql_up(rid):
    return ("CREATE TABLE IF NOT EXISTS t_%s (x INTEGER)" % rid,
            "INSERT INTO log (step) VALUES ('%s')" % rid)


def _sql_down(rid):
    return ("DROP TABLE IF EXISTS t_%s" % rid,
            "INSERT INTO log (step) VALUES ('-%s')" % rid)


ENV_PY = '''\
from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

engine = create_engine(context.config.get_main_option("sqlalchemy.url"),
                       poolclass=NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
'''


def _pytuple(xs):
    if not xs:
        return "None"
    if len(xs) == 1:
        return repr(xs[0])
    return "(" + ", ".join(repr(x) for x in xs) + ")"


def write_alembic(graph, top):
    os.makedirs(os.path.join(top, "versions"))
    with open(os.path.join(top, "env.py"), "w") as f:
        f.write(ENV_PY)
    for r in graph.revs:
        body = ["from alembic import op", "",
                "revision = %r" % r.id,
                "down_revision = %s" % _pytuple(r.parents),
                "branch_labels = %s" % _pytuple(r.labels),
                "depends_on = %s" % _pytuple(r.deps), "", "",
                "def upgrade():"]
        body += ["    op.execute(%r)" % s for s in _sql_up(r.id)]
        body += ["", "", "def downgrade():"]
        body += ["    op.execute(%r)" % s for s in _sql_down(r.id)]
        with open(os.path.join(top, "versions", r.id + "_m.py"), "w") as f:
            f.write("\n".join(body) + "\n")


def write_migrator(graph, top):
    os.makedirs(top)
    for r in graph.revs:
        lines = ["-- migrator:revision " + r.id, "-- migrator:message m"]
        if r.parents:
            lines.append("-- migrator:down_revision " + ", ".join(r.parents))
        if r.labels:
            lines.append("-- migrator:branch_labels " + ", ".join(r.labels))
        if r.deps:
            lines.append("-- migrator:depends_on " + ", ".join(r.deps))
        lines += ["", "-- migrator:upgrade"]
        lines += [s + ";" for s in _sql_up(r.id)]
        lines += ["", "-- migrator:downgrade"]
        lines += [s + ";" for s in _sql_down(r.id)]
        with open(os.path.join(top, r.id + "_m.sql"), "w") as f:
            f.write("\n".join(lines) + "\n")
