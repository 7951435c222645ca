"""Signals the decisions app sends, for its own later steps to hang on.

round_published is sent once the publication has committed, so what hangs on it (the "You said,
we did" emails) never goes out for a publication that was rolled back.
"""

from django.dispatch import Signal

round_published = Signal()  # sender=Round, round_=..., by=...
