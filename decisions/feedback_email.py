""" "You said, we did" by email: once a round's publication has committed (round_published), each
active young or professional panellist gets a plain-words summary of the decisions for their
panel's lots, how close the agreed scores came to theirs, and a link to their own page and the
survey. A mail server's failure never breaks the publication (config.mail.send_now)."""

from django.conf import settings
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse

from config.mail import send_now
from decisions.feedback import you_said
from decisions.signals import round_published
from panels.models import Member

SUBJECT = "You said, we did: what happened in {round}"


def summary(member) -> tuple[str, str]:
    """The subject and body of `member`'s email."""
    round_ = member.panel.round
    page = you_said(member)
    body = render_to_string(
        "decisions/email/you_said_we_did.txt",
        {
            "member": member,
            "round": round_,
            "page": page,
            "url": settings.SITE_URL + reverse("decisions:you_said", args=[member.pk]),
            "survey_url": settings.SITE_URL + reverse("decisions:survey", args=[member.pk]),
        },
    )
    return SUBJECT.format(round=round_.name), body


@receiver(round_published, dispatch_uid="decisions.feedback_email.tell_the_panel")
def tell_the_panel(sender, round_, **kwargs):
    members = (
        Member.objects.for_round(round_)
        .scoring()
        .select_related("user", "panel__round", "panel__lot")
        .order_by("pk")
    )
    for member in members:
        subject, body = summary(member)
        send_now(subject, body, member.user.email)
