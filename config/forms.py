from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form field with its label, hint and error together (GOV.UK pattern)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
