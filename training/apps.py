from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from panels import readiness
        from training import gating, guards, snapshots  # noqa: F401 - registers the stage guard

        readiness.provide(gating)  # panels pages show the whole checklist without importing up
        snapshots.register_all()
