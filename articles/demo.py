"""Demo content for `manage.py load_demo`: a few short, original MSMonday posts."""

import datetime as dt
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw

from articles import services
from articles.models import Post, Series
from coaching.zones import coach_zone

DEMO_NOTE = "*Demo post: sample text for trying out the site.*\n\n"
HERO_SIZE = (1600, 900)

POSTS = [
    {
        "slug": "demo-what-is-leaky-gut",
        "title": "What is leaky gut, and why might it matter with MS?",
        "summary": "A plain-language look at the gut lining and why it gets "
        "talked about so much in the autoimmune world.",
        "tags": ["leaky gut", "autoimmunity"],
        "colours": ("#0b5c55", "#fbe9d0"),
        "body": """Your gut lining is a thin wall, one cell thick, that decides what
gets into your bloodstream and what stays out.

## A gatekeeper, not a brick wall

The cells are held together by *tight junctions*. When they loosen, more than
they should can slip through, and the immune system notices. That is what people
mean by "leaky gut" (researchers say *increased intestinal permeability*).

## Why it comes up with MS

Research into how the gut and the immune system talk to each other is young but
busy. Nobody can promise that healing the gut changes MS, but many women tell me
that looking after digestion helps how they feel day to day.

## Gentle first steps

- Eat a wide variety of vegetables, in colours.
- Notice how you feel after meals, in a simple notebook.
- Ask your doctor before adding supplements.
""",
    },
    {
        "slug": "demo-meet-your-gut-bacteria",
        "title": "Meet your gut bacteria",
        "summary": "Trillions of tiny helpers live in your gut. Here is how to feed "
        "the friendly ones, one meal at a time.",
        "tags": ["gut bacteria", "autoimmunity"],
        "colours": ("#2d4a7a", "#e3f1ee"),
        "body": """Your gut is home to trillions of bacteria, most of them friendly.
Together they are called the *microbiome*.

## What they do for you

They break down fibre you cannot digest, make short-chain fatty acids that feed
the gut lining, and help train the immune system.

## Feeding the friendly ones

Fibre from vegetables, fruit and herbs is their favourite food. Fermented
foods such as sauerkraut can add new friends, little by little.

Start small: one extra vegetable a day is a real win.
""",
    },
    {
        "slug": "demo-aip-basics",
        "title": "AIP basics: the elimination phase without the overwhelm",
        "summary": "The autoimmune protocol removes some foods for a while, then "
        "brings them back one by one. A calm way to begin.",
        "tags": ["AIP diet", "autoimmunity"],
        "colours": ("#7a3b2d", "#fdf3e1"),
        "body": """The autoimmune protocol (AIP) is an elimination diet: you set some
foods aside for a few weeks, then bring them back one at a time to see how you
feel.

## Set aside for now

Grains, dairy, eggs, nuts, seeds, nightshades, legumes and added sugar.

## Plenty to enjoy

Vegetables, fruit, fish, meat, olive and coconut oil, herbs, and bone broth.

## One step at a time

You do not have to change everything on Monday. Swap one meal, then the next.
And please talk to your medical team before starting.
""",
    },
    {
        "slug": "demo-sleep-and-ms-fatigue",
        "title": "Sleep and MS fatigue: small steps that add up",
        "summary": "Fatigue is one of the hardest parts of MS. Sleep is not the whole "
        "answer, but it is a good place to start.",
        "tags": ["sleep", "fatigue"],
        "colours": ("#3d3a6b", "#efeaf8"),
        "body": """Fatigue with MS is not ordinary tiredness, and a good night's sleep
will not fix it alone. Still, sleep is a foundation worth tending.

## Three small habits

1. Get daylight on your face within an hour of waking.
2. Keep the same wake-up time, even at weekends.
3. Dim the lights and put screens away an hour before bed.

## Rest without guilt

Planned rest in the afternoon is not laziness. It is pacing, and it helps you
keep energy for what matters most to you.
""",
    },
    {
        "slug": "demo-aip-breakfast-ideas",
        "title": "AIP breakfast ideas when you are short on energy",
        "summary": "Breakfast without eggs, grains or dairy can feel hard. Five easy "
        "ideas that need little standing at the stove.",
        "tags": ["AIP diet", "fatigue"],
        "colours": ("#0b5c55", "#fde2c8"),
        "scheduled": True,
        "body": """Breakfast on AIP can feel like a puzzle at first. Here are five
ideas that ask little of you on a low-energy morning.

- Leftover dinner: soup or stew is a fine breakfast.
- Sweet potato hash made in a big batch on Sunday.
- Sardines with avocado and cucumber.
- A smoothie of greens, berries and coconut milk.
- Bone broth in a mug with a handful of spinach.
""",
    },
]


def _demo_hero(slug: str, colours: tuple[str, str]) -> tuple[str, int, int]:
    """An abstract picture for a demo post, made once with Pillow."""
    name = f"articles/hero/{slug}.png"
    if not default_storage.exists(name):
        image = Image.new("RGB", HERO_SIZE, colours[1])
        draw = ImageDraw.Draw(image)
        width, height = HERO_SIZE
        for i in range(6):
            radius = 140 + i * 70
            centre = (width * (0.2 + 0.13 * i), height * (0.75 - 0.08 * i))
            box = [
                centre[0] - radius,
                centre[1] - radius,
                centre[0] + radius,
                centre[1] + radius,
            ]
            draw.ellipse(box, outline=colours[0], width=14)
        buffer = BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        default_storage.save(name, ContentFile(buffer.getvalue()))
    return name, *HERO_SIZE


def next_monday_seven(*, now=None) -> dt.datetime:
    """07:00 in the coach's zone on the next Monday after today (her calendar)."""
    zone = coach_zone()
    today = timezone.localtime(now or timezone.now(), zone).date()
    monday = today + dt.timedelta(days=(7 - today.weekday()) or 7)
    return dt.datetime.combine(monday, dt.time(7, 0), tzinfo=zone)


def load(*, coach):
    """Create or update the MSMonday series and its demo posts; safe to repeat."""
    series, _ = Series.objects.update_or_create(
        slug="msmonday",
        defaults={
            "title": "MSMonday",
            "description": "A short post every Monday on living well with MS.",
        },
    )
    upcoming = next_monday_seven()
    past = [p for p in POSTS if not p.get("scheduled")]
    for index, spec in enumerate(POSTS):
        if spec.get("scheduled"):
            publish_at = upcoming
        else:
            publish_at = upcoming - dt.timedelta(weeks=len(past) - index)
        post = Post.objects.filter(slug=spec["slug"]).first() or Post(slug=spec["slug"])
        image_name, width, height = _demo_hero(spec["slug"], spec["colours"])
        post.title = f"MSMonday: {spec['title']}"
        post.summary = spec["summary"]
        post.body = DEMO_NOTE + spec["body"]
        post.series = series
        post.author = coach
        post.status = Post.Status.PUBLISHED
        post.publish_at = publish_at
        post.hero_image = image_name
        post.hero_is_decorative = True
        post.reviewed_on = publish_at.date()
        services.save_post(post=post)
        post.tags.set(spec["tags"])
