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
from .clients import (
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    Client,
    Consent,
)
from .constraints import PostgresExclusionConstraint, TsTzRange
from .office import (
    ClientNote,
    ClientStatusChange,
    CoachFeed,
    ErasureRecord,
    StaffVisit,
)

__all__ = [
    "NAME_MAX_LENGTH",
    "PHONE_MAX_LENGTH",
    "MAX_HORIZON_DAYS",
    "HELP_WITH_MAX_LENGTH",
    "SLOT_CONSTRAINTS",
    "SLOT_TAKEN_MESSAGE",
    "Booking",
    "BookingQuerySet",
    "Client",
    "ClientNote",
    "ClientStatusChange",
    "CoachFeed",
    "ErasureRecord",
    "StaffVisit",
    "Consent",
    "ConsultSettings",
    "PostgresExclusionConstraint",
    "TimeOff",
    "TsTzRange",
    "Weekday",
    "WeeklyWindow",
    "validate_time_zone",
]
