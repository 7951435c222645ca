from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts import kept  # noqa: F401  (connects the log-in receiver)
        from audit import actions
        from audit.personal import ERASED_ACTION

        actions.register({ERASED_ACTION: "Person's details erased"})
