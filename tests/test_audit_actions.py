"""Every action the code base records has human words on the auditor's trail page (issue 17).

The codes are found by reading the code (ast), not by running it: a literal first argument of
record(...), both branches of `"a" if x else "b"`, a name assigned such strings in the same function
or module, a parameter given one as a keyword anywhere (bids' action="bid.imported"), and
f"bid.{status}" spelt out for every status.
"""

import ast
from pathlib import Path

from django.conf import settings

from audit import actions
from audit.models import AuditEvent
from tests.factories import make_round

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "tests", "migrations", "node_modules"}


def _sources():
    for path in ROOT.rglob("*.py"):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path, ast.parse(path.read_text(), filename=str(path))


def _strings(node) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def _assigned(scope, name) -> set[str]:
    found = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            found |= _strings(node.value)
    return found


def _functions(trees):
    return [f for tree in trees for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)]


def _passed(functions, function, param, depth=0) -> set[str]:
    """What `param` of `function` can hold: its default, and what callers pass by keyword (a
    caller passing its own parameter on is followed up the chain)."""
    found = set()
    arguments = function.args
    defaults = list(zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True))
    defaults += zip(
        arguments.args[len(arguments.args) - len(arguments.defaults) :],
        arguments.defaults,
        strict=True,
    )
    for arg, default in defaults:
        if arg.arg == param and default is not None:
            found |= _strings(default)
    if depth > 3:
        return found
    for caller in functions:
        for node in ast.walk(caller):
            if not isinstance(node, ast.Call):
                continue
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", None)
            )
            if name != function.name:
                continue
            for kw in node.keywords:
                if kw.arg != param:
                    continue
                found |= _strings(kw.value)
                if isinstance(kw.value, ast.Name):
                    found |= _passed(functions, caller, kw.value.id, depth + 1)
    return found


def recorded_codes() -> tuple[set[str], list[str]]:
    """(codes found, record() calls whose code could not be worked out)."""
    from bids.models import BidStatus

    sources = list(_sources())
    trees = [tree for _, tree in sources]
    every_function = _functions(trees)
    codes, unknown = set(), []
    for path, tree in sources:
        functions = _functions([tree])
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in ("record", "_record"):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Starred):
                continue  # audit.record(*args) passes the code through
            if isinstance(arg, ast.Attribute) and name == "record" and not _strings(arg):
                # public.record(pk) and the like are other functions named record
                unknown.append(f"{path.name}:{node.lineno}")
                continue
            found = _strings(arg)
            if isinstance(arg, ast.JoinedStr) and ast.unparse(arg) == "f'bid.{status}'":
                found = {f"bid.{status}" for status in BidStatus.values}
            if isinstance(arg, ast.Name):
                enclosing = [f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or 0)]
                scope = enclosing[-1] if enclosing else tree
                found = _assigned(scope, arg.id) or _assigned(tree, arg.id)
                if not found and enclosing:
                    found = _passed(every_function, enclosing[-1], arg.id)
                if not found and arg.id == "pk":
                    continue  # decisions.public_views: public.record(pk) reads a record
            if not found:
                unknown.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(arg)}")
            codes |= found
    return codes, unknown


def test_every_recorded_action_has_human_words():
    codes, unknown = recorded_codes()
    assert not unknown, f"record() calls whose action code this test cannot work out: {unknown}"
    assert len(codes) > 80, sorted(codes)  # the scan really found the code base's events
    missing = sorted(c for c in codes if not actions.words_for(c))
    assert not missing, f"Give these trail actions human words in audit/actions.py: {missing}"


def test_the_scan_finds_codes_built_each_way():
    codes, _ = recorded_codes()
    assert {
        "round.created",  # a literal
        "consensus.confirmed",  # one branch of a conditional
        "consensus.dissented",  # ... and the other
        "decisions.award_changed",  # a name assigned in the function
        "decision_pack.exported",  # a module constant
        "bid.imported",  # a parameter given as a keyword
        "bid.non_compliant",  # an f-string over the bid statuses
    } <= codes


def test_an_unknown_code_still_reads_and_register_adds_words():
    assert actions.describe("widget.thing_done") == "Widget: thing done"
    assert actions.words_for("widget.thing_done") is None
    actions.register({"round.created": "Not this", "widget.thing_done": "Widget done"})
    try:
        assert actions.describe("widget.thing_done") == "Widget done"
        assert actions.describe("round.created") == "Round created"  # first words kept
    finally:
        actions._WORDS.pop("widget.thing_done")


def test_the_trail_page_shows_words_with_the_code_beside(client, db, officer_user):
    round_ = make_round(officer_user)
    assert AuditEvent.objects.for_round(round_).filter(action="round.created").exists()
    client.force_login(officer_user)
    html = client.get(f"/rounds/{round_.pk}/trail/").content.decode()
    assert "Round created" in html
    assert '<span class="caption trail-code">round.created</span>' in html
    assert '<option value="round.created">Round created</option>' in html
