"""`manage.py check --deploy`: a production server must have the trail's keys before it starts."""

from django.core.checks import Error, Warning, register

from audit.keys import KeyConfigError, checkpoint_key, event_keys, public_keys


@register(deploy=True)
def trail_keys(app_configs, **kwargs):
    problems = []
    try:
        if not event_keys():
            problems.append(
                Error(
                    "AUDIT_EVENT_KEYS is not set: nothing can be recorded in the decision trail.",
                    hint="Set it to id:secret (a secret of 32 or more random characters).",
                    id="audit.E001",
                )
            )
        if checkpoint_key() is None:
            problems.append(
                Error(
                    "AUDIT_SIGNING_KEY is not set: the trail cannot be checkpointed or published.",
                    hint="`manage.py audit_keys --new` prints a new Ed25519 key.",
                    id="audit.E002",
                )
            )
        public_keys()
    except KeyConfigError as exc:
        problems.append(Error(str(exc), id="audit.E003"))
    from django.conf import settings

    if not settings.AUDIT_CHECKPOINT_DIR:
        problems.append(
            Warning(
                "AUDIT_CHECKPOINT_DIR is not set: no signed checkpoints are written, so events "
                "cut from the end of a chain would go unnoticed.",
                id="audit.W001",
            )
        )
    return problems
