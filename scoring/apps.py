from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Scoring"

    def ready(self):
        from scoring import guards, meeting, services, snapshots  # noqa: F401 - receivers, guards

        snapshots.register_all()
