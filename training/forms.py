"""Forms for training pages. They parse input; the rules live in training/services/."""

from django import forms

from training.models import Module
from training.services import MAX_CHOICES


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["title", "body", "order", "required", "minutes"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        labels = {
            "body": "What the module says",
            "order": "Position in the list",
            "required": "Panellists must pass this module before they score",
            "minutes": "About how many minutes it takes",
        }
        help_texts = {"order": "Modules are listed from the lowest number up."}
        error_messages = {
            "title": {"required": "Enter a title."},
            "body": {"required": "Write what the module says."},
            "order": {"required": "Enter a position, like 1.", "invalid": "Enter a whole number."},
            "minutes": {
                "required": "Enter a number of minutes.",
                "invalid": "Enter a whole number.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text += " Leave empty to put it at the end."


class QuestionForm(forms.Form):
    """A check question with up to five answers, one of them right."""

    text = forms.CharField(
        label="Question",
        max_length=300,
        error_messages={"required": "Enter the question."},
    )
    explanation = forms.CharField(
        label="Explanation",
        help_text="Shown after answering, and again after a wrong answer. Say why the right "
        "answer is right.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Explain the right answer."},
    )

    def __init__(self, *args, question=None, **kwargs):
        if question is not None and not kwargs.get("data") and not (args and args[0]):
            choices = list(question.choices.all())
            initial = {"text": question.text, "explanation": question.explanation}
            for n, choice in enumerate(choices, start=1):
                initial[f"choice_{n}"] = choice.text
                if choice.correct:
                    initial["correct"] = str(n)
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_CHOICES + 1):
            self.fields[f"choice_{n}"] = forms.CharField(
                label=f"Answer {n}",
                required=n <= 2,
                max_length=200,
                error_messages={
                    "required": f"Write answer {n}. Give at least two answers to choose from."
                },
            )
        self.fields["correct"] = forms.ChoiceField(
            label="Which answer is right?",
            widget=forms.RadioSelect,
            error_messages={"required": "Choose which answer is right."},
            choices=[(str(n), f"Answer {n} is right") for n in range(1, MAX_CHOICES + 1)],
        )

    def choices(self) -> list[tuple[str, bool]]:
        correct = self.cleaned_data.get("correct") or ""
        return [
            (self.cleaned_data.get(f"choice_{n}", ""), correct == str(n))
            for n in range(1, MAX_CHOICES + 1)
        ]


def _score_choices(criterion):
    plain = {d.score: d.text_plain for d in criterion.descriptors.all()}
    return [
        (level, f"{level}: {plain[level]}" if plain.get(level) else str(level))
        for level in criterion.levels
    ]


class PracticeForm(forms.Form):
    """The officer's practice bid: a title and summary, and per scored criterion the made-up
    answer with its reference score and reason."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Make it clearly made up, like “Practice: Harbour Youth Club”.",
        error_messages={"required": "Give the practice bid a title."},
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Write a short summary of the practice bid."},
    )

    def __init__(self, *args, criteria, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = items or {}
        self.criteria = criteria
        for criterion in criteria:
            item = items.get(criterion.pk)
            self.fields[f"answer_{criterion.pk}"] = forms.CharField(
                label="The practice bid's answer",
                help_text=criterion.question_formal,
                widget=forms.Textarea(attrs={"rows": 5}),
                required=False,
                max_length=20000,
                initial=item.answer if item else "",
            )
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label="Reference score",
                widget=forms.RadioSelect,
                coerce=int,
                required=False,
                empty_value=None,
                choices=_score_choices(criterion),
                initial=item.reference_score if item else None,
            )
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label="Why it gets that score",
                help_text="Panellists see this beside their own score.",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=2000,
                initial=item.reference_reason if item else "",
            )

    def groups(self):
        return [
            (c, self[f"answer_{c.pk}"], self[f"score_{c.pk}"], self[f"reason_{c.pk}"])
            for c in self.criteria
        ]

    def items(self) -> dict:
        data = self.cleaned_data
        return {
            c.pk: (
                data.get(f"answer_{c.pk}", ""),
                data.get(f"score_{c.pk}"),
                data.get(f"reason_{c.pk}", ""),
            )
            for c in self.criteria
        }


class AnswerForm(forms.Form):
    """A module's check questions as radios."""

    def __init__(self, *args, module, feedback=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.module = module
        self.feedback = {m["question"].pk: m for m in (feedback or [])}
        for question in module.questions.all():
            self.fields[f"question_{question.pk}"] = forms.ChoiceField(
                label=question.text,
                widget=forms.RadioSelect,
                choices=[(str(c.pk), c.text) for c in question.choices.all()],
                error_messages={"required": "Choose an answer."},
            )

    def groups(self):
        return [
            (q, self[f"question_{q.pk}"], self.feedback.get(q.pk))
            for q in self.module.questions.all()
        ]

    def answers(self) -> dict:
        return {
            q.pk: self.cleaned_data.get(f"question_{q.pk}") for q in self.module.questions.all()
        }


class PracticeScoreForm(forms.Form):
    """A member's scores for the practice bid: a radio per score level, labelled with what it
    means, and a reason."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            criterion = item.criterion
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"Your score for: {criterion.title}",
                widget=forms.RadioSelect,
                coerce=int,
                choices=_score_choices(criterion),
                error_messages={"required": f"Choose a score for “{criterion.title}”."},
            )
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label="Why did you give this score?",
                help_text="A sentence or two is plenty.",
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
                error_messages={
                    "required": f"Write a few words about why you chose your score for "
                    f"“{criterion.title}”."
                },
            )

    def groups(self):
        return [
            (i, self[f"score_{i.criterion_id}"], self[f"reason_{i.criterion_id}"])
            for i in self.items
        ]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            i.criterion_id: (
                data.get(f"score_{i.criterion_id}"),
                data.get(f"reason_{i.criterion_id}"),
            )
            for i in self.items
        }
