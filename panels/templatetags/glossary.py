"""{% term "lot" %} or {% term "lot" "lots" %}: a word linked to its glossary entry.

Use it at a word's first use on a panellist page, in the page's own words (never inside quoted bid
text). An unknown key fails loudly, so a typo cannot make a dead link.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from panels.glossary import KEYS

register = template.Library()


@register.simple_tag
def term(key, text=None):
    if key not in KEYS:
        raise template.TemplateSyntaxError(f"{key!r} is not in the glossary (panels/glossary.py)")
    url = f"{reverse('panels:glossary')}#{key}"
    return format_html('<a href="{}" class="term">{}</a>', url, text or key)
