"""Starting the demo again on a new database sets the old database's checkpoints aside (on a
development server only), so the new trail is not checked against heads of chains that are gone."""

from pathlib import Path

from demo import stale_checkpoints


def _old_checkpoint(settings) -> Path:
    root = Path(settings.AUDIT_CHECKPOINT_DIR)
    (root / "round-1").mkdir(parents=True)
    (root / "round-1" / "000000000024-x.json").write_text("{}")
    return root


def test_an_empty_trail_moves_old_checkpoints_aside(db, settings):
    settings.DEBUG = True
    root = _old_checkpoint(settings)
    moved = stale_checkpoints.set_aside()
    assert moved and not root.exists()
    assert (Path(moved) / "round-1" / "000000000024-x.json").exists()  # moved, never deleted


def test_never_on_a_production_server_or_with_a_trail(db, settings, round_):
    root = _old_checkpoint(settings)
    settings.DEBUG = False
    assert stale_checkpoints.set_aside() is None and root.exists()
    settings.DEBUG = True
    assert stale_checkpoints.set_aside() is None and root.exists()  # round_ has a trail
