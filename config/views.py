"""Small helpers shared by the apps' views."""

from django.core.exceptions import ValidationError
from django.shortcuts import render


def call_service(form, service, *args, **kwargs):
    """Runs a service; its ValidationErrors land on the form next to the field they name.

    Returns (True, result) on success, (False, None) when the form now carries the errors.
    """
    try:
        return True, service(*args, **kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False, None


def render_form(request, template, form, status_on_error=200, **context):
    status = status_on_error if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)
