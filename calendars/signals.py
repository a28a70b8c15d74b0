"""What `calendars` tells the apps above it (it never imports them).

`busy_times_changed` is sent after a sync replaced some calendar's busy
intervals, or a calendar was added, removed or counted differently: the
booking pages' kept lists of free times are stale then.
"""

from django.dispatch import Signal

busy_times_changed = Signal()
