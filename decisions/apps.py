from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Results and awards"

    def ready(self):
        # Registers the stage guards and the stage_moved receivers.
        from decisions import guards, publication, signoff, snapshots  # noqa: F401

        snapshots.register_all()
