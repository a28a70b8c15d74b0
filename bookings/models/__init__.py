"""Consult-call data: the coach's availability, clients and their bookings."""

from .availability import (
    MAX_HORIZON_DAYS,
    ConsultSettings,
    TimeOff,
    Weekday,
    WeeklyWindow,
    validate_time_zone,
)
from .bookings import (
    HELP_WITH_MAX_LENGTH,
    SLOT_CONSTRAINTS,
    SLOT_TAKEN_MESSAGE,
    Booking,
    BookingQuerySet,
)
from .clients import Client, Consent
from .constraints import PostgresExclusionConstraint, TsTzRange

__all__ = [
    "MAX_HORIZON_DAYS",
    "HELP_WITH_MAX_LENGTH",
    "SLOT_CONSTRAINTS",
    "SLOT_TAKEN_MESSAGE",
    "Booking",
    "BookingQuerySet",
    "Client",
    "Consent",
    "ConsultSettings",
    "PostgresExclusionConstraint",
    "TimeOff",
    "TsTzRange",
    "Weekday",
    "WeeklyWindow",
    "validate_time_zone",
]
