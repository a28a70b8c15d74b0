"""One rule for addresses and one-line text, the same in every form and service."""

import pytest
from django.core.exceptions import ValidationError

from bookings.forms import BookingForm
from bookings.models import Client
from coaching.validators import EMAIL_MAX_LENGTH, is_header_name, is_one_line
from newsletter import services as newsletter_services
from newsletter.forms import SubscribeForm
from newsletter.models import CONSENT_WORDING, Subscriber

# Each of these is refused by the booking form for a name: the newsletter must
# refuse it too, in its form and in its service.
NOT_ONE_LINE = ["Ann\tB", "A\x0bB", "Ann\x1b[31m", "Ann\x7f", "A\u2028B", "A\u2029B"]


@pytest.mark.parametrize("value", NOT_ONE_LINE)
def test_one_line_rule_refuses_every_control_character(value):
    assert not is_one_line(value)
    assert not is_header_name(value)


@pytest.mark.parametrize("value", ["Ann", "Anne-Marie O'Neil", "Zoë", "李"])
def test_ordinary_names_pass_both_rules(value):
    assert is_one_line(value)
    assert is_header_name(value)


def test_a_name_in_a_header_has_no_angle_brackets():
    assert is_one_line("<Ann>")
    assert not is_header_name("<Ann>")


@pytest.mark.parametrize("value", [*NOT_ONE_LINE, "<Ann>"])
def test_subscribe_form_refuses_what_the_rule_refuses(value):
    form = SubscribeForm(data={"email": "ann@example.com", "first_name": value})

    assert form.errors["first_name"] == ["Please give just your first name."]


@pytest.mark.django_db
@pytest.mark.parametrize("value", [*NOT_ONE_LINE, "<Ann>"])
def test_newsletter_service_refuses_what_its_form_refuses(value):
    with pytest.raises(ValidationError):
        newsletter_services.request_subscription(
            email="ann@example.com",
            first_name=value,
            source="page",
            wording=CONSENT_WORDING,
        )

    assert not Subscriber.objects.exists()


def test_every_email_field_has_the_one_length():
    longest = "a" * (EMAIL_MAX_LENGTH - len("@example.com")) + "@example.com"
    too_long = "a" + longest

    assert Client._meta.get_field("email").max_length == EMAIL_MAX_LENGTH
    assert Subscriber._meta.get_field("email").max_length == EMAIL_MAX_LENGTH
    for form in (BookingForm, SubscribeForm):
        assert form.base_fields["email"].max_length == EMAIL_MAX_LENGTH
    assert "email" not in SubscribeForm(data={"email": longest}).errors
    assert "email" in SubscribeForm(data={"email": too_long}).errors
