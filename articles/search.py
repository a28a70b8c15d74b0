"""Full-text search of posts: ranked on PostgreSQL, a plain match elsewhere."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

SEARCH_CONFIG = "english"


def search_posts(queryset, query: str):
    """Posts of `queryset` matching `query`, best first; unchanged when it is empty."""
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        )
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
            .filter(search=search_query)
            .order_by("-rank", "-publish_at", "-id")
        )
    matches = (
        Q(title__icontains=query)
        | Q(summary__icontains=query)
        | Q(body__icontains=query)
    )
    return queryset.filter(matches)
