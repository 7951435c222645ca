"""The decision trail. `audit.record(...)` appends an event; see audit/recorder.py."""


def record(*args, **kwargs):
    from audit.recorder import record as _record

    return _record(*args, **kwargs)
