#!/usr/bin/python3
"""Differential test of migrator against Alembic (the oracle).

Random revision graphs from a seed, written both as Alembic scripts and as
migrator files with the same SQL; both tools run upgrade, downgrade and
stamp commands from identical SQLite files, and every difference in heads,
branches, steps run (and their order), stamp rows, tables and error/no-error
is classified (judge.py).  Exit 1 on any migrator bug.

    MIGRATOR=./migrator MIGRATOR_PLUGIN_PATH=backends/sqlite/.libs \\
        /usr/bin/python3 tests/alembic/difftest.py              # CI seeds
    ... difftest.py --graphs 2000 --seed 7 [--jobs 2] [-v]

Needs Alembic (Debian: python3-alembic) and SQLAlchemy; stdlib otherwise.
"""

import argparse
import collections
import multiprocessing
import os
import random
import shutil
import sys
import tempfile

# Alembic's choices among equals follow set order, so string hashing must
# not vary between runs: a seed reproduces a run exactly.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import graphs  # noqa: E402
import judge  # noqa: E402
import tools  # noqa: E402

# CI: these seeds, GRAPHS_PER_SEED graphs each (graph i of seed s is drawn
# from random.Random("s/i"), so any one can be rerun alone).
CI_SEEDS = (1, 2, 3, 4, 5, 6)
GRAPHS_PER_SEED = 55
COMMANDS_PER_GRAPH = 6

# The reproductions: (name, graph, applied, rows, commands): the
# command the issue names, then (when both tools agreed on it) one more
# from the state it left, by both tools.
R = graphs.fixed
FIXED = [
    ("R1", R([("r01", [], []), ("r03", [], []), ("r02", ["r01"], ["r03"])]),
     ["r01", "r02", "r03"], ["r02"],
     [("downgrade", "-1"), ("upgrade", "heads")]),
    ("R2a", R([("r03", [], []), ("r02", [], []), ("r01", ["r03"], ["r02"])]),
     ["r03"], ["r03"], [("upgrade", "+1"), ("downgrade", "-1")]),
    ("R2b", R([("r01", [], []), ("r02", [], ["r01"])]),
     ["r01"], ["r01"], [("stamp", "heads"), ("downgrade", "base")]),
    ("R3", R([("r03", [], []), ("r02", ["r03"], []), ("r01", [], ["r03"])]),
     ["r01", "r02", "r03"], ["r01", "r02"],
     [("downgrade", "r03"), ("upgrade", "heads")]),
    ("R4", R([("r04", [], []), ("r03", [], []), ("r02", ["r04"], ["r03"]),
              ("r05", ["r02"], []), ("r01", ["r05"], [])]),
     ["r01", "r02", "r03", "r04", "r05"], ["r01"],
     [("downgrade", "-4"), ("upgrade", "heads")]),
]


def random_target(rng, graph, verb):
    ids, labels = graph.ids(), graph.labels()
    rid = rng.choice(ids)
    n = rng.randint(1, 4)
    opts = [rid, rid, rid[:3], rid[:len(rid) - 1], "base", "heads", "head"]
    if labels:
        lb = rng.choice(labels)
        opts += [lb, lb + "@head", lb + "@base"]
    if verb == "upgrade":
        opts += ["heads"] * 3 + ["+%d" % n, "+%d" % n, "%s+%d" % (rid, n)]
        if labels:
            opts.append("%s@+%d" % (lb, n))
    elif verb == "downgrade":
        opts += ["base", "-%d" % n, "-%d" % n, "-1", "%s-%d" % (rid, n)]
        if labels:
            opts.append("%s@-%d" % (lb, n))
    return rng.choice(opts)


def random_command(rng, graph, first):
    if first and rng.random() < 0.6:
        return "upgrade", rng.choice(["heads", "heads", "head"])
    verb = rng.choice(["upgrade", "upgrade", "downgrade", "downgrade",
                       "stamp"])
    return verb, random_target(rng, graph, verb)


class Case:
    """One graph on disk: its scripts, its files and a scratch directory."""

    def __init__(self, graph, top):
        self.graph = graph
        self.top = top
        self.adir = os.path.join(top, "alembic")
        self.mdir = os.path.join(top, "migrations")
        graphs.write_alembic(graph, self.adir)
        graphs.write_migrator(graph, self.mdir)

    def run(self, start, verb, target, n):
        """Both tools from copies of the start file."""
        a_db = os.path.join(self.top, "a%d.db" % n)
        m_db = os.path.join(self.top, "m%d.db" % n)
        shutil.copyfile(start, a_db)
        shutil.copyfile(start, m_db)
        a = tools.run_alembic(self.adir, a_db, verb, target)
        m = tools.run_migrator(self.mdir, m_db, verb, target)
        return a, m, a_db, m_db


def kind(graph, target):
    """A target's shape, for the summary: lb1@-2 -> LABEL@-N."""
    head, sep, tail = target.partition("@")
    if not sep:
        for op in ("+", "-"):
            if op in target[1:]:
                head, sep, tail = target.rpartition(op)
                return kind(graph, head) + op + "N"
    labels, ids = set(graph.labels()), set(graph.ids())

    def one(t):
        if t in labels:
            return "LABEL"
        if t in ids:
            return "REV"
        if t and t.lstrip("+-").isdigit():
            return t[0] + "N"
        if any(i.startswith(t) for i in ids) and t not in (
                "head", "heads", "base"):
            return "PREFIX"
        return t
    return one(head) + (sep + one(tail) if sep else "")


def signature(cls, graph, verb, target, diff, a, m):
    err = lambda r: "error" if r.error else "ok"  # noqa: E731
    return "%-8s %-9s %-14s differs in %-26s alembic %s, migrator %s" % (
        cls, verb, kind(graph, target), ",".join(diff), err(a), err(m))


def report(name, graph, verb, target, start, cls, diff, m_bad, a, m):
    return ("%s: %s\n  graph:\n    %s\n  start: rows %s, applied %s\n"
            "  command: %s %s\n  differs in: %s\n  alembic:  %s\n"
            "  migrator: %s\n%s" % (
                cls.upper(), name, graph.describe().replace("\n", "\n    "),
                sorted(start.rows), sorted(start.tables), verb, target,
                ", ".join(diff), a.show(), m.show(),
                "  migrator's result is unsound: %s\n" % "; ".join(m_bad)
                if m_bad else ""))


def run_graph(name, graph, top, commands, start_state=None, verbose=False):
    """Runs one graph; returns (Counter of classes, [reports],
    [signatures of the differences])."""
    counts, out, sigs = collections.Counter(), [], []
    ran = collections.Counter()
    case = Case(graph, top)
    ah, ab = tools.alembic_graph(case.adir)
    mh, mb = tools.migrator_graph(case.mdir)
    for what, x, y in (("heads", ah, mh), ("branches", ab, mb)):
        if x != y:
            counts["bug"] += 1
            sigs.append("bug      %s" % what)
            out.append("BUG: %s: %s differ\n  graph:\n    %s\n  alembic:  %s"
                       "\n  migrator: %s\n" % (name, what, graph.describe()
                                               .replace("\n", "\n    "),
                                               sorted(x), sorted(y)))
        else:
            counts["agree"] += 1
    start = os.path.join(top, "start.db")
    if start_state:
        tools.make_state(start, *start_state)
    else:
        tools.make_state(start)
    for n, (verb, target) in enumerate(commands):
        st = tools.State(start)
        a, m, a_db, m_db = case.run(start, verb, target, n)
        cls, diff, m_bad = judge.classify(graph, verb, st, a, m)
        counts[cls] += 1
        if not a.error and not m.error and a.steps and m.steps:
            ran["both ran steps"] += 1
        if cls != "agree":
            sigs.append(signature(cls, graph, verb, target, diff, a, m))
        if cls != "agree" and (cls == "bug" or verbose):
            out.append(report(name, graph, verb, target, st, cls, diff,
                              m_bad, a, m) + "  kind: %s\n" % sigs[-1])
        # Go on from the state both reached, only while they agree on it;
        # from Alembic's file and migrator's by turns, so each tool also
        # reads what the other wrote.
        if a.rows != m.rows or a.tables != m.tables:
            break
        start = m_db if n % 2 else a_db
    counts.update(ran)
    return counts, out, sigs


def random_job(args):
    seed, i, verbose = args
    rng = random.Random("%s/%d" % (seed, i))
    graph = graphs.random_graph(rng)
    top = tempfile.mkdtemp(prefix="difftest.")
    try:
        cmds = [random_command(rng, graph, n == 0)
                for n in range(COMMANDS_PER_GRAPH)]
        name = "seed %s graph %d" % (seed, i)
        return (name,) + run_graph(name, graph, top, cmds, verbose=verbose)
    finally:
        shutil.rmtree(top, ignore_errors=True)


class Output:
    """Plain reports, or TAP (--tap, for make check): one test point per
    graph, the reports as comments."""

    def __init__(self, tap):
        self.tap, self.n = tap, 0

    def note(self, text):
        for ln in text.rstrip("\n").split("\n"):
            print(("# " + ln) if self.tap else ln)

    def graph(self, name, counts, out):
        if out:
            self.note("".join(out))
        self.n += 1
        if self.tap:
            print("%s %d - %s" % ("not ok" if counts["bug"] else "ok",
                                  self.n, name), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", help="one seed instead of the CI seeds")
    ap.add_argument("--graphs", type=int, default=GRAPHS_PER_SEED,
                    help="graphs per seed (default %(default)s)")
    ap.add_argument("--only", type=int, help="run graph N of the seed only")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--tap", action="store_true", help="print TAP")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print every difference, not only bugs")
    opts = ap.parse_args()
    if "MIGRATOR" not in os.environ:
        sys.exit("difftest: set MIGRATOR to the migrator program")

    total, kinds = collections.Counter(), collections.Counter()
    o = Output(opts.tap)
    seeds = [opts.seed] if opts.seed is not None else list(CI_SEEDS)
    jobs = [(s, i, opts.verbose) for s in seeds for i in range(opts.graphs)
            if opts.only is None or i == opts.only]
    if opts.tap:
        print("1..%d" % (len(FIXED) + len(jobs)))
    o.note("fixed cases (the issue's reproductions), every difference shown")
    for name, graph, applied, rows, cmds in FIXED:
        top = tempfile.mkdtemp(prefix="difftest.")
        try:
            c, out, sigs = run_graph(name, graph, top, cmds,
                                     (applied, rows), verbose=True)
        finally:
            shutil.rmtree(top, ignore_errors=True)
        o.graph(name, c, out or ["%s: agree\n" % name])
        total.update(c)
        kinds.update(sigs)

    o.note("%d random graphs, seeds %s" % (len(jobs),
                                          " ".join(map(str, seeds))))
    with multiprocessing.Pool(max(1, opts.jobs)) as pool:
        for name, c, out, sigs in pool.imap(random_job, jobs, chunksize=4):
            total.update(c)
            kinds.update(sigs)
            o.graph(name, c, out)
    o.note("differences by kind:")
    for sig, n in sorted(kinds.items(), key=lambda kv: (kv[0][:8], -kv[1])):
        o.note("%5d  %s" % (n, sig))
    ran = total.pop("both ran steps", 0)
    o.note("results (comparisons): " + ", ".join(
        "%s %d" % kv for kv in sorted(total.items())))
    o.note("commands that both tools ran without error, running steps: %d"
           % ran)
    for k, why in sorted(judge.DELIBERATE.items()):
        o.note("  %s: %s" % (k, why))
    # Two tools that fail alike (a broken env.py, a missing driver) agree
    # on everything: a run where little ran proves nothing.  (About one
    # comparison in five runs steps in both; a graph or two may have none.)
    if len(jobs) >= 50 and ran * 10 < sum(total.values()):
        o.note("FAIL: too few commands ran steps in both tools: check the "
               "setup (MIGRATOR, MIGRATOR_PLUGIN_PATH, Alembic)")
        return 1
    if total["bug"]:
        o.note("FAIL: %d difference(s) classified as migrator bugs"
               % total["bug"])
        return 1
    o.note("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
