"""A server process settles once it has loaded the app (config/startup.py): every view imported
and the loaded heap frozen out of the garbage collector's way, so full collections stop adding
tens of milliseconds to requests now and then. Checked through config.wsgi, which gunicorn loads,
in a process of its own (freezing this test process's heap would change the rest of the run)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, sys
import config.wsgi
from django.urls import get_resolver
print(gc.get_freeze_count())
print("scoring.member_views" in sys.modules, "decisions.chair_views" in sys.modules)
print(callable(config.wsgi.application))
"""


def test_the_wsgi_entry_point_imports_the_views_and_freezes_the_loaded_heap():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"}
    env.pop("SECRET_KEY", None)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, views, app = done.stdout.split("\n")[:3]
    assert int(frozen) > 10_000  # Django and the app: tens of thousands of objects
    assert views == "True True"
    assert app == "True"
