"""Alerts on new deals: rules → outbox rows (in the ingest transaction) → sender → channels.

See docs/alerts.md for the configuration and the crash-safety argument.
"""

from pipeline.alerts.channels import DeliveryError, make_channel
from pipeline.alerts.messages import AlertMessage, DigestMessage, idempotency_key
from pipeline.alerts.outbox import enqueue_for_event, enqueue_stored, list_alerts, reasons_for
from pipeline.alerts.rules import AlertConfig, AlertRule, ChannelSpec, load_alert_config
from pipeline.alerts.sender import SendReport, send_pending

__all__ = [
    "AlertConfig",
    "AlertMessage",
    "AlertRule",
    "ChannelSpec",
    "DeliveryError",
    "DigestMessage",
    "SendReport",
    "enqueue_for_event",
    "enqueue_stored",
    "idempotency_key",
    "list_alerts",
    "load_alert_config",
    "make_channel",
    "reasons_for",
    "send_pending",
]
