"""Every write of the newsletter: sign-ups, leaving, sends, privacy."""

from .importing import ImportResult, import_subscribers
from .privacy import erase_subscriber, export_subscriber
from .sending import (
    due_post_ids,
    queue_post_chunk,
    queue_post_emails,
    retry_failed_emails,
    send_progress,
    send_test_copy,
    sends_to_resume,
    start_post_send,
)
from .subscriptions import (
    InvalidLink,
    confirm_subscription,
    expire_sign_ups,
    leave_after_refusal,
    leave_list,
    leave_list_by_email,
    request_subscription,
    subscribe_from_booking,
    validate_sign_up,
)

__all__ = [
    "ImportResult",
    "import_subscribers",
    "InvalidLink",
    "confirm_subscription",
    "due_post_ids",
    "erase_subscriber",
    "expire_sign_ups",
    "export_subscriber",
    "leave_after_refusal",
    "leave_list",
    "leave_list_by_email",
    "queue_post_chunk",
    "queue_post_emails",
    "request_subscription",
    "retry_failed_emails",
    "send_progress",
    "send_test_copy",
    "sends_to_resume",
    "start_post_send",
    "subscribe_from_booking",
    "validate_sign_up",
]
