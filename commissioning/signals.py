"""Signals other apps listen to, so this lower app never imports them (DESIGN.md section 3)."""

from django.dispatch import Signal

# Sent inside move_stage's transaction after the move is recorded: round_, before, after, by.
stage_moved = Signal()
