"""`manage.py db_roles`: the SQL for the owner and the app's role, and what the app's role can and
cannot do to the decision trail once that SQL has run (PostgreSQL; CI runs it there).

Roles are cluster-wide in PostgreSQL, so each run uses new role names and drops them afterwards.
"""

import secrets
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from audit.management.commands.db_roles import ROLE_NAME

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Roles and privileges are PostgreSQL's; SQLite has neither",
)
GENESIS = "0" * 64


def _sql(owner, app):
    out = StringIO()
    call_command("db_roles", owner=owner, app=app, stdout=out)
    return out.getvalue()


def test_the_sql_grants_the_trail_only_select_insert_and_the_chain_head_update():
    sql = _sql("commissioning_owner", "commissioning_app")
    assert 'GRANT SELECT, INSERT ON "audit_auditevent" TO "commissioning_app";' in sql
    assert (
        'GRANT UPDATE ("head_seq", "head_hash", "head_key_id") ON "audit_chain" TO "commissioning_app";'
        in sql
    )
    assert "TRUNCATE" not in sql.split("-- ...except the decision trail")[1]
    assert sql.count("BEGIN;") == sql.count("COMMIT;") == 1


@pytest.mark.parametrize(
    ("owner", "app", "message"),
    [
        ("owner", "owner", "two different roles"),
        ('x"; DROP TABLE audit_auditevent; --', "app", "--owner"),
        ("owner", "App", "--app"),
        ("owner", "pg_monitor", "--app"),
        ("owner", "", "--app"),
    ],
)
def test_a_bad_role_name_is_refused_with_the_option_and_the_rule(owner, app, message):
    with pytest.raises(CommandError, match=message):
        _sql(owner, app)


@given(st.text(max_size=70))
def test_any_role_name_is_either_refused_or_used_only_as_given(name):
    """Whatever is typed, the SQL never carries it except as a plain, quoted, lower-case name."""
    try:
        sql = _sql(name, "the_app")
    except CommandError as error:
        assert "--owner" in str(error)
        return
    assert ROLE_NAME.fullmatch(name) and not name.startswith("pg_")
    assert f'"{name}"' in sql


def _connect(user=None, password=None):
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=user or settings["USER"],
        password=password if user else settings["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def roles():
    """Two new roles made from the command's SQL in the test database; dropped afterwards."""
    suffix = uuid.uuid4().hex[:10]
    owner, app, password = f"t_owner_{suffix}", f"t_app_{suffix}", secrets.token_hex(16)
    admin = _connect()
    try:
        admin.execute(_sql(owner, app))
        admin.execute(f"ALTER ROLE \"{app}\" PASSWORD '{password}'")
        yield owner, app, password
    finally:
        for role in (app, owner):
            admin.execute(f'DROP OWNED BY "{role}"')
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        admin.close()


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_the_app_role_can_add_to_the_trail_but_not_change_it(roles):
    import psycopg
    from psycopg import errors

    _owner, app, password = roles
    with _connect(app, password) as as_app:
        # What the app does when it records an event: add a chain, lock it, add an event, move
        # the chain's head on, read it back.
        chain = as_app.execute(
            "INSERT INTO audit_chain (key, head_seq, head_hash, head_key_id) "
            "VALUES (%s, 0, %s, '') RETURNING id",
            [f"test:{app}", GENESIS],
        ).fetchone()[0]
        with as_app.transaction():
            as_app.execute("SELECT id FROM audit_chain WHERE id = %s FOR UPDATE", [chain])
            as_app.execute(
                "INSERT INTO audit_auditevent (chain_id, seq, at, actor, action, object_type, "
                "object_id, reason, prev_hash, hash, key_id, signature) VALUES "
                "(%s, 1, now(), 'system', 'test.added', 'test', '1', '', %s, %s, 'k', 's')",
                [chain, GENESIS, "1" * 64],
            )
            as_app.execute(
                "UPDATE audit_chain SET head_seq = 1, head_hash = %s, head_key_id = 'k' WHERE id = %s",
                ["1" * 64, chain],
            )
        assert as_app.execute(
            "SELECT count(*) FROM audit_auditevent WHERE chain_id = %s", [chain]
        ).fetchone() == (1,)
        # Ordinary tables keep ordinary privileges.
        as_app.execute("UPDATE django_session SET expire_date = expire_date WHERE false")
        as_app.execute("DELETE FROM django_session WHERE false")

        refused = [
            "UPDATE audit_auditevent SET reason = 'rewritten'",
            "DELETE FROM audit_auditevent",
            "TRUNCATE audit_auditevent",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change",
            "DROP TABLE audit_auditevent",
            "UPDATE audit_chain SET key = 'moved'",
            "DELETE FROM audit_chain",
            "TRUNCATE audit_chain",
            "CREATE TABLE sneaky (id int)",
        ]
        for statement in refused:
            with pytest.raises(psycopg.Error) as error:
                as_app.execute(statement)
            assert isinstance(error.value, errors.InsufficientPrivilege), (statement, error.value)
    with _connect() as admin:
        assert admin.execute(
            "SELECT count(*), min(reason) FROM audit_auditevent WHERE chain_id = %s", [chain]
        ).fetchone() == (1, "")
