from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _ensure_triggers(using, **kwargs):
    from audit import triggers

    connection = connections[using]
    if triggers.table_exists(connection):
        triggers.install(connection)


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Decision trail"

    def ready(self):
        from audit import checks  # noqa: F401 - registers the deploy check of the trail's keys

        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="audit-triggers")
