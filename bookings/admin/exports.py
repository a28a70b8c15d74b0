"""Client lists as CSV files that spreadsheets open safely."""

import csv
import io

from django.utils import timezone

from coaching.spreadsheets import safe_cell

CLIENT_COLUMNS = [
    "Name",
    "Email",
    "Phone",
    "Status",
    "Her time zone",
    "Came from post",
    "Added on",
    "Agreed to news",
    "Follow up on",
    "Why follow up",
]


def clients_csv(clients) -> str:
    """A CSV document of these clients, one row each, every cell safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CLIENT_COLUMNS)
    for client in clients:
        added = timezone.localtime(client.created_at).date().isoformat()
        writer.writerow(
            safe_cell(value)
            for value in [
                client.name,
                client.email,
                client.phone,
                client.get_status_display(),
                client.time_zone,
                client.source_post.title if client.source_post else "",
                added,
                "yes" if client.has_news_consent else "no",
                client.follow_up_on.isoformat() if client.follow_up_on else "",
                client.follow_up_reason,
            ]
        )
    return out.getvalue()
