from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Results and awards"

    def ready(self):
        from decisions import guards, snapshots  # noqa: F401 - registers the stage guards

        snapshots.register_all()
