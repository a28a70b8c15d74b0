"""Wording the site's public forms share when a form is refused as a robot's."""

# Sent back when a form comes faster than a person fills it: she checks and
# sends again (the next send carries a fresh stamp).
TOO_FAST = "Please take a moment to check your details, then send the form again."
# Shown when the hidden trap field was filled: nothing was saved.
NOT_SENT = (
    "Sorry, we couldn't send this form. Please try again, or email the coach "
    "and she'll book the call for you."
)
