"""Prints the SQL for a deployment's two PostgreSQL roles (README, "Database roles").

The owner runs migrations and owns the tables. The app role is what the web servers and cron
jobs connect as: ordinary privileges on every table except the decision trail, where it may only
read and add events (audit_auditevent) and move a chain's head forward (UPDATE of head_seq and
head_hash and head_key_id on audit_chain, a column privilege); it can create, alter or drop nothing, so it cannot
TRUNCATE the events or disable their append-only triggers either.

The SQL is safe to run again (after every `migrate`, so that new tables are covered too). It sets
no passwords: set them with psql's \\password.
"""

import re

from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEvent, Chain

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
ROLE_RULE = (
    "a role name is 1 to 63 lower-case letters, digits and underscores, not starting with a digit"
)


def role_name(value: str, option: str) -> str:
    """The name as given, or a CommandError saying which option is wrong and why."""
    if not isinstance(value, str) or not ROLE_NAME.fullmatch(value) or value.startswith("pg_"):
        raise CommandError(f"{option} {value!r}: {ROLE_RULE} (and not starting with pg_).")
    return value


def roles_sql(owner: str, app: str) -> str:
    """The SQL that creates (if missing) and grants the two roles, in one transaction."""
    owner = role_name(owner, "--owner")
    app = role_name(app, "--app")
    if owner == app:
        raise CommandError("--owner and --app must be two different roles.")
    events = f'"{AuditEvent._meta.db_table}"'
    chains = f'"{Chain._meta.db_table}"'
    head = ", ".join(
        f'"{Chain._meta.get_field(name).column}"'
        for name in ("head_seq", "head_hash", "head_key_id")
    )
    return f"""-- Roles for this deployment: "{owner}" runs migrations, "{app}" runs the app.
-- Run as a superuser, once and again after every migrate. Set passwords with \\password.
BEGIN;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{owner}') THEN
    CREATE ROLE "{owner}" LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{app}') THEN
    CREATE ROLE "{app}" LOGIN;
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO "{owner}", "{app}"', current_database());
END $$;
ALTER ROLE "{app}" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

-- Only the owner creates, alters or drops anything.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO "{owner}";
GRANT USAGE ON SCHEMA public TO "{app}";
REVOKE CREATE ON SCHEMA public FROM "{app}";

-- The app: ordinary privileges on every table, now and on those later migrations create...
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{app}";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{app}";
ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{app}";
ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO "{app}";

-- ...except the decision trail: events are read and added, never changed or removed...
REVOKE ALL ON {events} FROM PUBLIC, "{app}";
GRANT SELECT, INSERT ON {events} TO "{app}";
-- ...and a chain's row is added once, then only its head moves on.
REVOKE ALL ON {chains} FROM PUBLIC, "{app}";
GRANT SELECT, INSERT ON {chains} TO "{app}";
GRANT UPDATE ({head}) ON {chains} TO "{app}";
COMMIT;
"""  # noqa: S608 - the names are checked by role_name, the tables and columns are our models'


class Command(BaseCommand):
    help = (
        "Prints the SQL that creates the deployment's two PostgreSQL roles: the owner, which runs "
        "migrations, and the app's role, which may only read and add to the decision trail. "
        "Run it with psql as a superuser, and again after every migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="The role that runs migrations.")
        parser.add_argument("--app", required=True, help="The role the app connects as.")

    def handle(self, *args, **options):
        self.stdout.write(roles_sql(options["owner"], options["app"]), ending="")
