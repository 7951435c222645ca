from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Scoring"

    def ready(self):
        from panels import tasks
        from scoring import guards, meeting, member_tasks, services, snapshots  # noqa: F401

        snapshots.register_all()
        tasks.provide(member_tasks.now)  # the panel page's "what to do now", without importing up
