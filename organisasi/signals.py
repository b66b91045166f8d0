"""Signals for writes that bypass Django's model signals.

bulk_create/bulk_update send no post_save; services that use them send `bulk_saved` so that
listeners (the audit trail) see those rows too, inside the same transaction."""

from django.dispatch import Signal

# sender: the model class; objs: the saved instances (with pks); action: "create" or "update";
# fields: for "update", the names of the fields written (None: all).
bulk_saved = Signal()
