"""Small template helpers used across the site (registered as builtins in settings)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value):
    """£1,400,000.00"""
    if value is None or value == "":
        return ""
    try:
        return f"£{Decimal(value):,.2f}"
    except (ArithmeticError, ValueError, TypeError):
        return value


@register.filter
def weight(value):
    """Weights without trailing zeros: 20, 12.5"""
    from commissioning.models import weight_text

    return "" if value is None else weight_text(value)


@register.simple_tag(takes_context=True)
def error_summary_items(context):
    """The page's form errors for base.html (config/forms.py: error_summary)."""
    from config.forms import error_summary

    return error_summary(context)
