from django.apps import AppConfig


class BidsConfig(AppConfig):
    name = "bids"
    verbose_name = "Bids"

    def ready(self):
        from bids import guards, snapshots  # noqa: F401 - registers the stage guard

        snapshots.register_all()
