from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Scoring"

    def ready(self):
        from scoring import guards, services, snapshots  # noqa: F401 - receiver and guard

        snapshots.register_all()
