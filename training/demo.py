"""The demo's induction: the starter modules, a practice bid with reference scores on the first lot's
rubric, and (when the demo panel exists) induction partly done for some of its members. Seeded
through the services, so the decision trail is real; running it again adds nothing."""

from commissioning.models import CriterionKind
from panels.models import Member
from training import services
from training.models import ModuleResult, PracticeBid

PRACTICE = {
    "title": "Practice: Talk Tuesdays at Lantern Lane",
    "summary": (
        "Lantern Lane Family Centre (a made-up organisation) asks for £90,000 over two years to run "
        "“Talk Tuesdays”: a weekly evening where parents and carers of teenagers meet, share "
        "what is hard, and learn ways to talk with their teenager. A youth worker runs a separate "
        "group for the teenagers in the room next door, and once a month the two groups meet."
    ),
}

# By criterion title in the starter rubric: (the made-up answer, reference score, why).
PRACTICE_ITEMS = {
    "Understanding young people's needs and the difference made": (
        "Many parents tell us they find it hard to talk to their teenagers. Teenagers today face "
        "lots of pressures, such as social media and exams. Our project will make families "
        "happier. We will ask parents to fill in a form at the end of the year to say if things "
        "are better.",
        2,
        "It says a bit about what families need, but it could be anywhere: there is nothing about "
        "young people in Brightwater, and young people were not asked. “Happier” is vague, and one "
        "form at the end of the year is a weak way to check.",
    ),
    "How young people shape and lead the service": (
        "Two young people from our youth group helped us write this bid. If we are funded, the "
        "teenagers' group will choose the topics for the monthly joint evening, and two young "
        "people will sit on our steering group with paid travel. We will tell the teenagers' "
        "group each term what we changed because of what they said.",
        4,
        "Young people helped write the bid and will choose topics and sit on the steering group, "
        "with support and feedback (“You said, we did”). It would get a 5 if they also helped "
        "choose staff or check how the project is going.",
    ),
    "Reaching young people who are often left out": (
        "Everyone is welcome at Talk Tuesdays. We will put posters up in the family centre.",
        1,
        "Saying everyone is welcome is not a plan. Posters in their own building only reach people "
        "who already come. Nothing about young carers, families who do not speak English, or "
        "anyone else who might find it hard to come.",
    ),
    "Keeping young people safe and welcome": (
        "All our staff and volunteers have police checks (called DBS checks) and safeguarding "
        "training every year. Our safeguarding lead is Jo Patel. The teenagers' group has a "
        "quiet room and a rule that nobody has to share anything. Parents and teenagers are in separate groups, so "
        "young people can talk freely, and we explain at the start when we would have to pass "
        "something on to keep someone safe.",
        4,
        "A clear, practical plan: checks, training, a named lead, a quiet room, and young people "
        "told honestly what stays private and what does not. Not a 5, because it does not say how "
        "young people can complain or give feedback if they do not feel safe.",
    ),
    "Delivery plan, staffing and partnerships": (
        "We will start in April with a part-time coordinator and a youth worker. We have run "
        "parent groups for six years. We will work with Northfield School, who will tell parents "
        "about the evenings. Each evening runs from 6 to 8 pm, 40 weeks a year.",
        3,
        "A sound, realistic plan: who runs it, when, and one partner. It has done similar work "
        "before. It does not say what happens if staff leave or fewer people come than expected.",
    ),
}
FALLBACK_ITEM = (
    "We have not written anything for this question.",
    0,
    "No answer was given, so it scores 0.",
)

# Demo panellists' progress: email -> (modules to pass, in order, None for all; whether they
# tried the practice). The chair reads every sheet, so they have finished.
PROGRESS = {
    "moderator@example.org": (None, False),
    "professional@example.org": (6, True),
    "young@example.org": (4, False),
    "kai@example.org": (2, False),
}


def seed(round_, officer):
    """Adds the starter modules and a practice bid to the demo round, then some members' progress.
    Does nothing once the round has left induction."""
    if round_.stage not in services.EDITABLE_STAGES:
        return
    if not round_.modules.exists():
        services.add_starter_modules(round_, by=officer)
    if not PracticeBid.objects.filter(round=round_).exists():
        _seed_practice(round_, officer)
    _seed_progress(round_)


def _seed_practice(round_, officer):
    lot = round_.lots.exclude(rubric=None).select_related("rubric").order_by("number").first()
    if lot is None:
        return
    criteria = lot.rubric.criteria.filter(kind=CriterionKind.SCORED)
    items = {c: PRACTICE_ITEMS.get(c.title, FALLBACK_ITEM) for c in criteria}
    items = {c: (a, min(s, c.scale_max), r) for c, (a, s, r) in items.items()}
    if items:
        services.set_practice(round_, by=officer, rubric=lot.rubric, items=items, **PRACTICE)


def _right_answers(module) -> dict:
    return {q.pk: next(c.pk for c in q.choices.all() if c.correct) for q in module.questions.all()}


def _seed_progress(round_):
    if ModuleResult.objects.filter(module__round=round_).exists():
        return
    members = Member.objects.for_round(round_).select_related("user", "panel__round")
    modules = list(round_.modules.prefetch_related("questions__choices"))
    practice = PracticeBid.objects.filter(round=round_).first()
    for member in members:
        passes, practised = PROGRESS.get(member.user.email, (0, False))
        for module in modules[:passes]:
            services.answer_module(member, module, _right_answers(module), by=member.user)
        if practised and practice is not None:
            scores = {
                item.criterion_id: (
                    min(item.reference_score + (1 if n % 2 else 0), item.criterion.scale_max),
                    "I compared the answer with what each score means and chose the closest.",
                )
                for n, item in enumerate(practice.items.select_related("criterion"))
            }
            services.submit_practice(member, by=member.user, scores=scores)
