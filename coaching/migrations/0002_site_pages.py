"""Create the four site pages so a new site never shows an empty page.

The coach rewrites this text in the back office; it is a starting point.
"""

from django.db import migrations

from coaching.markdown import render_markdown

PAGES = {
    "home": (
        "Live well with MS, one small change at a time",
        "Coaching for women with Multiple Sclerosis who want to feel more in "
        "control of their energy, food and days.",
        "## Who I help\n\n"
        "Women diagnosed with Multiple Sclerosis, whether last month or ten "
        "years ago, who want practical support alongside their medical care.\n\n"
        "## How we work together\n\n"
        "- **Food:** calm, step-by-step changes, including the autoimmune "
        "protocol (AIP) if it suits you.\n"
        "- **Lifestyle:** sleep, movement and stress, planned around your "
        "energy on the day.\n"
        "- **Mindset:** small habits that you can keep on the hard days too.\n\n"
        "It starts with a free 30-minute call: no pressure and no sales "
        "script, just a conversation about where you are.",
    ),
    "about": (
        "About me",
        "I'm a health coach who works only with women living with MS.",
        "I help women with Multiple Sclerosis make changes to diet, lifestyle "
        "and mindset that fit their real lives.\n\n"
        "Coaching works alongside your neurologist and medical team, never "
        "instead of them.",
    ),
    "privacy": (
        "Privacy policy",
        "What this site collects, why, and how long it is kept.",
        "## What we collect\n\n"
        "When you book a consult call we keep your name, email address, "
        "optional phone number, your time zone and your answer to one "
        "question. We ask for your consent before storing your answer.\n\n"
        "## What we do not do\n\n"
        "We do not use tracking scripts, advertising cookies or third-party "
        "fonts. We never sell or share your details. Your health information "
        "is never sent in emails or put in links.\n\n"
        "## Your rights\n\n"
        "You can ask to see, correct or delete your details at any time by "
        "emailing us.",
    ),
    "disclaimer": (
        "Health disclaimer",
        "Coaching and education, not medical advice.",
        "The content on this site and in coaching sessions is for education "
        "and support. It is not medical advice, diagnosis or treatment.\n\n"
        "Always talk to your neurologist or doctor before changing your "
        "diet, supplements, medication or treatment. Never stop a prescribed "
        "treatment because of something you read here.\n\n"
        "If you have new or worsening symptoms, contact your medical team. "
        "In an emergency, call your local emergency number.",
    ),
}


def create_pages(apps, schema_editor):
    Page = apps.get_model("coaching", "Page")
    for key, (title, intro, body) in PAGES.items():
        Page.objects.get_or_create(
            key=key,
            defaults={
                "title": title,
                "intro": intro,
                "body": body,
                "body_html": render_markdown(body),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
