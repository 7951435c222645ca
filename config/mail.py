"""Sending email without letting a mail server's failure break a page or a job."""

import logging

from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


def send_now(subject: str, body: str, to: str) -> bool:
    try:
        send_mail(subject, body, None, [to])
    except Exception:  # noqa: BLE001 - a mail server failure must not break the page or the job
        logger.exception("Could not send the email %r", subject)
        return False
    return True


def send_after_commit(subject: str, body: str, to: str):
    """Sends once the change behind the email is committed, so a rolled-back change sends none."""
    transaction.on_commit(lambda: send_now(subject, body, to))
