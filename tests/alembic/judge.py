"""Comparing the two tools' results and classifying every difference.

Classes:
  agree      identical results
  choice:*   a documented deliberate difference of ours (DELIBERATE below;
             each is listed in README.md, "Moving from Alembic")
  alembic    an Alembic defect: migrator's result passes the model-free
             check (sound()) and alembic_defect() names Alembic's fault
  bug        anything else: a migrator bug, the test fails
"""

# The deliberate differences, each with the README's reason.  Nothing else
# is ever accepted.
DELIBERATE = {
    "choice:order": "independent branches may run in another order; both "
                    "orders respect every parent and dependency",
    "choice:merge-walk": "-N and REV-N step down every parent of a merge "
                         "point (-1 from a merge point restores both "
                         "parents); Alembic 1.8 stops with 'Ambiguous walk'",
    "choice:relative-several": "-N on a database stamped at several "
                               "revisions is refused (use NAME@-N); Alembic "
                               "1.8 warns that it is ambiguous and counts "
                               "from whichever row the database returns "
                               "first",
    "choice:nothing-to-remove": "downgrade X when nothing built on X's "
                                "children is applied does nothing and exits "
                                "0, also when X is applied only as a "
                                "dependency of the current revisions; "
                                "Alembic 1.8 refuses: 'not a valid "
                                "downgrade target'",
    "choice:label-walk-base": "LABEL@-N counts like -N on the label's line: "
                              "a walk that reaches base removes the walked "
                              "chain only; Alembic 1.8 then removes every "
                              "root of the label's line, as for LABEL@base",
}


def _relative(target):
    """-N, or REV-N / label@-N (counting from a named revision)."""
    head, _, n = target.rpartition("-")
    return n.isdigit(), head == ""


def deliberate(graph, verb, start, a, m, m_bad):
    """The deliberate difference that explains this one, or None."""
    is_rel, from_current = _relative(m.target)
    if verb == "downgrade" and is_rel and not m.error and not m_bad \
            and a.error == "clean" and "Ambiguous walk" in a.message:
        return "choice:merge-walk"
    if verb == "downgrade" and is_rel and from_current \
            and len(start.rows) > 1 and not a.error \
            and m.error == "clean" and m.message.startswith("exit 2:") \
            and not m.steps and m.rows == start.rows \
            and any("ambiguous" in w for w in a.warned):
        return "choice:relative-several"
    if verb == "downgrade" and not is_rel and not m.error and not m_bad \
            and a.error == "clean" \
            and "not a valid downgrade target" in a.message \
            and not m.steps and m.rows == start.rows:
        return "choice:nothing-to-remove"
    if verb == "downgrade" and is_rel and not from_current \
            and "@" in m.target and not a.error and not m.error \
            and not m_bad and set(m.steps) < set(a.steps) \
            and any(not graph.by_id[s.lstrip("-")].parents
                    for s in set(a.steps) - set(m.steps)):
        return "choice:label-walk-base"
    return None


def claimed(graph, rows):
    """What a set of stamp rows says is applied: the rows and, through
    parents and dependencies, everything below them."""
    out = set()
    for r in rows:
        if r in graph.by_id:
            out |= {r} | graph.ancestors(r)
    return out


def sound(graph, verb, start, res):
    """The model-free check of one tool's result; a list of what is wrong
    (empty: sound).  It needs no model of the target, only the graph.
    Starting from what the start rows claim: every step ran after what it
    needs (an upgrade after its parents and dependencies, a downgrade after
    everything applied that needs it), the tables followed the steps (and
    are the applied set, when they were at the start), the applied set is
    closed under parents and dependencies, and the stamp rows are exactly
    its maximal elements.  A stamp moves no table, so there the rows need
    only be known revisions unrelated to each other.  Where the target
    needs no model (heads, base), the rows must be where it ends."""
    bad = []
    applied = claimed(graph, start.rows)
    consistent = set(start.tables) == applied
    tables = set(start.tables)
    for s in res.steps:
        r = s.lstrip("-")
        if r not in graph.by_id:
            bad.append("step %s: no such revision" % s)
            continue
        if s.startswith("-"):
            if r not in applied:
                bad.append("step %s: not applied" % s)
            users = [x for x in applied if r in graph.below(x)]
            if users:
                bad.append("step %s: still needed by %s" % (s, sorted(users)))
            applied.discard(r)
            tables.discard(r)
        else:
            if r in applied:
                bad.append("step %s: already applied" % s)
            missing = graph.below(r) - applied
            if missing:
                bad.append("step %s: before %s" % (s, sorted(missing)))
            applied.add(r)
            tables.add(r)
    if set(res.tables) != tables:
        bad.append("tables %s do not follow the steps" % sorted(res.tables))
    elif consistent and tables != applied:
        bad.append("tables %s != applied %s" % (sorted(tables),
                                                sorted(applied)))
    unknown = [r for r in res.rows if r not in graph.by_id]
    if unknown:
        bad.append("rows %s: no such revision" % sorted(unknown))
    if verb == "stamp":
        for r in sorted(set(res.rows) - set(unknown)):
            if graph.ancestors(r) & res.rows:
                bad.append("row %s: its ancestor %s is a row too"
                           % (r, sorted(graph.ancestors(r) & res.rows)))
        _ends(graph, verb, res, bad)
        return bad
    for r in sorted(applied):
        if graph.below(r) - applied:
            bad.append("applied %s without %s"
                       % (r, sorted(graph.below(r) - applied)))
    maximal = {r for r in applied
               if not any(r in graph.below(x) for x in applied)}
    if set(res.rows) != maximal:
        bad.append("rows %s != maximal applied %s" % (sorted(res.rows),
                                                      sorted(maximal)))
    _ends(graph, verb, res, bad)
    return bad


def _ends(graph, verb, res, bad):
    """The two targets that need no model: `heads` (upgrade, stamp) ends at
    the graph's maximal revisions, `base` (downgrade, stamp) at no row."""
    if res.error:
        return
    if res.target == "heads" and verb in ("upgrade", "stamp"):
        tops = {r for r in graph.ids()
                if not any(r in graph.below(x) for x in graph.ids())}
        if set(res.rows) != tops:
            bad.append("%s heads: rows %s != the graph's heads %s"
                       % (verb, sorted(res.rows), sorted(tops)))
    if res.target == "base" and verb in ("downgrade", "stamp") and res.rows:
        bad.append("%s base: rows %s left" % (verb, sorted(res.rows)))


def valid_order(graph, steps, start):
    """Whether steps run each revision after what it needs (up) or before
    what it is needed by (down), starting from what start's rows claim."""
    applied = claimed(graph, start.rows)
    for s in steps:
        r = s.lstrip("-")
        if s.startswith("-"):
            if any(r in graph.below(x) for x in applied if x != r):
                return False
            applied.discard(r)
        else:
            if graph.below(r) - applied:
                return False
            applied.add(r)
    return True


def differences(a, m):
    d = []
    if bool(a.error) != bool(m.error):
        d.append("error")
    if a.steps != m.steps:
        d.append("steps")
    if a.rows != m.rows:
        d.append("rows")
    if a.tables != m.tables:
        d.append("tables")
    return d


def classify(graph, verb, start, a, m):
    """(class, differences, migrator's soundness problems)."""
    d = differences(a, m)
    if not d:
        return "agree", d, []
    if d == ["steps"] and sorted(a.steps) == sorted(m.steps) \
            and valid_order(graph, a.steps, start) \
            and valid_order(graph, m.steps, start):
        return "choice:order", d, []
    m_bad = sound(graph, verb, start, m)
    why = deliberate(graph, verb, start, a, m, m_bad)
    if why:
        return why, d, m_bad
    if not m.error and not m_bad and alembic_defect(graph, verb, start, a, m):
        return "alembic", d, m_bad
    return "bug", d, m_bad


def alembic_defect(graph, verb, start, a, m):
    """Whether Alembic is at fault, given that migrator's result is sound:
    Alembic crashed (not a refusal) after no step that migrator did not
    run too, or its result is unsound although it ran the same steps (only
    its bookkeeping differs), or it refused `downgrade LABEL@head` as
    ambiguous where the label's line has one head, or found no way down
    for LABEL@-N where migrator went down.  Different steps with an unsound
    Alembic result are no excuse: migrator may have done something else
    wrong."""
    if a.error == "internal":
        return set(a.steps) <= set(m.steps)
    # Alembic 1.8.1 refuses `downgrade LABEL@head` whenever the graph has
    # several heads, as if it were `head`, even where the label's line has
    # one head (a one-line label next to an unrelated root).
    label, _, end = a.target.partition("@")
    if verb == "downgrade" and end == "head" and a.error == "clean" \
            and "Multiple head revisions" in a.message:
        return len(graph.line(label) & set(graph.heads())) == 1
    # `downgrade LABEL@-N` to a revision with several children: Alembic
    # keeps only the children that are ancestors of the labelled revision
    # itself (script/revision.py, _collect_downgrade_revisions), never one
    # above it, and then finds nothing to do.
    if verb == "downgrade" and end.startswith("-") and a.error == "clean" \
            and "Not a valid downgrade target from current heads" \
            in a.message:
        return bool(m.steps)
    return bool(sound(graph, verb, start, a)) \
        and sorted(a.steps) == sorted(m.steps)
