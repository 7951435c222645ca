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
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"
