from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = "Panels"

    def ready(self):
        from panels import guards, snapshots  # noqa: F401 - registers the stage guards

        snapshots.register_all()
