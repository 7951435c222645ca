from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Results and awards"

    def ready(self):
        # Registers the stage guards, the stage_moved receivers and the round_published one.
        from decisions import feedback_email, guards, publication, signoff, snapshots  # noqa: F401

        snapshots.register_all()

        from audit import actions
        from audit.personal import ERASED_ACTION

        actions.register({ERASED_ACTION: "Person's details erased"})  # decisions/erasure.py
