import json

from django import template
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

HERO_SIZES = "(min-width: 800px) 736px, 100vw"
# JSON may write any character as a \uXXXX escape (RFC 8259, section 7). Written
# so, "<", ">" and "&" in the data can neither close the <script> element nor
# open a comment inside it (the HTML "script data" state), and the block stays
# valid JSON. The same characters Django's json_script escapes.
JSON_IN_SCRIPT = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    """A JSON-LD block, escaped like `json_script` so no text can close the tag."""
    payload = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_IN_SCRIPT)
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
    width = post.hero_width
    # Read from the post: rendering never touches the file system.
    current = post.hero_renditions_of == post.hero_image.name
    renditions = post.hero_renditions if current else []
    candidates = [
        f"{default_storage.url(copy['name'])} {copy['width']}w" for copy in renditions
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
