import json

from django import template
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

from articles.images import ensure_renditions, rendition_name

register = template.Library()

HERO_SIZES = "(min-width: 800px) 736px, 100vw"


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    """A JSON-LD block, escaped like `json_script` so no text can close the tag."""
    payload = json.dumps(data, cls=DjangoJSONEncoder).translate(_json_script_escapes)
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        context.get("csp_nonce", ""),
        mark_safe(payload),  # noqa: S308 - escaped by the translate() above
    )


@register.inclusion_tag("articles/_hero_image.html")
def hero_image(post, *, lazy=False, sizes=HERO_SIZES):
    """A post's hero as a responsive <img> with srcset, width and height."""
    if not post.hero_image:
        return {"image": None}
    name, width = post.hero_image.name, post.hero_width
    candidates = [
        f"{default_storage.url(rendition_name(name, w))} {w}w"
        for w in ensure_renditions(name, width)
    ]
    if width and candidates:
        candidates.append(f"{post.hero_image.url} {width}w")
    return {
        "image": post.hero_image,
        "srcset": ", ".join(candidates),
        "sizes": sizes,
        "width": width,
        "height": post.hero_height,
        "alt": "" if post.hero_is_decorative else post.hero_alt,
        "lazy": lazy,
    }
