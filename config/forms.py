from dataclasses import dataclass

from django.forms import BaseForm, BaseFormSet
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form field with its label, hint and error together (GOV.UK pattern)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


@dataclass
class SummaryItem:
    """One line of the error summary: the message, and the id of the field it links to (empty
    for an error about the whole form, which is listed without a link)."""

    message: str
    target: str = ""


def field_target(bound_field) -> str:
    """The id a summary link points at: the input itself, or for a group of radios or boxes (a
    fieldset) its first one, as GOV.UK does."""
    if not bound_field.auto_id or bound_field.is_hidden:
        return ""
    if bound_field.use_fieldset:
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def _items(form) -> list[SummaryItem]:
    if isinstance(form, BaseFormSet):
        items = [SummaryItem(str(e)) for e in form.non_form_errors()]
        for each in form.forms:
            items += _items(each)
        return items
    items = [SummaryItem(str(e)) for e in form.non_field_errors()]
    for bound_field in form:
        for error in bound_field.errors:
            items.append(SummaryItem(str(error), field_target(bound_field)))
    return items


def error_summary(context) -> list[SummaryItem]:
    """Every error of every bound form (or formset) the page was given, in the order the page
    lists them, for base.html's summary above the heading and the "Error:" in the title. Only
    the type of each value is looked at, so lazy values (the CSRF token, the user) stay lazy."""
    seen, items = set(), []
    for value in context.flatten().values():
        if not issubclass(type(value), (BaseForm, BaseFormSet)) or id(value) in seen:
            continue
        seen.add(id(value))
        if value.is_bound and value._errors is not None:  # validated by the view, never here
            items += _items(value)
    return items
