from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = "Commissioning rounds"

    def ready(self):
        # Registers stage guards and the stage-move checkpoint.
        from commissioning import checkpointing, snapshots, stages  # noqa: F401

        snapshots.register_all()
