from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = "Panels"

    def ready(self):
        from panels import guards  # noqa: F401 - registers the stage guards
