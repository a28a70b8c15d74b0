"""The same formats for plain English as for British English."""

from coaching.formats.en_GB.formats import *  # noqa: F403
