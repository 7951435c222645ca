"""The small markup module bodies are written in, rendered safely.

- a line starting "## " is a heading (<h2>);
- lines starting "- " make a list (<ul><li>);
- an empty line separates paragraphs; other lines join the paragraph they are in.

Everything is escaped: no HTML an officer types ever reaches the page as HTML.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def render_body(text: str) -> SafeString:
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def close_paragraph():
        if paragraph:
            blocks.append(f"<p>{escape(' '.join(paragraph))}</p>")
            paragraph.clear()

    def close_list():
        if items:
            blocks.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close_paragraph()
            close_list()
        elif line.startswith("## "):
            close_paragraph()
            close_list()
            blocks.append(f"<h2>{escape(line[3:].strip())}</h2>")
        elif line.startswith("- "):
            close_paragraph()
            items.append(line[2:].strip())
        else:
            close_list()
            paragraph.append(line)
    close_paragraph()
    close_list()
    return mark_safe("\n".join(blocks))  # noqa: S308 - every piece of text above is escaped
