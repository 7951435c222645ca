from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = "Commissioning rounds"

    def ready(self):
        from commissioning import snapshots, stages  # noqa: F401 - registers stage guards

        snapshots.register_all()
