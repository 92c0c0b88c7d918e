"""The privacy notice and the buttons of the consent dialogue, in the current language.

The version stored with each decision is a revision tag plus a hash of the notice text the
person saw, so any change of wording, retention or controller gives a new version.
"""

from __future__ import annotations

import hashlib

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot import callback_data
from config import Settings
from storage.models import Group

NOTICE_REVISION = "n1"
ADULT_BAND = "18+"
UNDER = "u"  # the button value of "under the minimum age" is "u" + the minimum ("u16")
OTHER, UNSAID = "o", "n"


def controller(settings: Settings) -> str:
    """Who runs the groups, as the notice names them."""
    return settings.data_controller or _("the project workers of this LAPE project")


def notice_body(settings: Settings, group: Group) -> str:
    """Who runs the group, what is stored, how it is used and kept, and the member's rights."""
    if group.audience == "youth":
        stored = _(
            "What is stored: the messages, edits and reactions you post in the group during the "
            "discussions, with their time and theme, and the municipality and age group you "
            "give here."
        )
        example = _("Young person 3")
    else:
        stored = _(
            "What is stored: the messages, edits and reactions you post in the group during the "
            "discussions, with their time and theme, and the municipality you give here."
        )
        example = _("Parent 7")
    paragraphs = [
        _("Who runs the group: {controller}.").format(controller=controller(settings)),
        stored,
        _(
            "How it is used: each month the project workers get a summary of what was said on "
            "each theme. Quotes are pseudonymised (for example “{example}”) and personal "
            "details are removed; names, usernames and Telegram ids are never passed on."
        ).format(example=example),
        _(
            "How long: the texts are erased after {months} months; only anonymous counts remain."
        ).format(months=settings.retention_months),
        _(
            "Your rights: taking part is voluntary. With /mydata you see everything stored "
            "about you, and with /forget you can have it erased at any time."
        ),
    ]
    return "\n\n".join(paragraphs)


def notice_version(body: str) -> str:
    """A short tag of the exact text shown (fits ConsentRecord.notice_version)."""
    return f"{NOTICE_REVISION}-{hashlib.sha256(body.encode()).hexdigest()[:12]}"


def join_notice(body: str, group: Group) -> str:
    """The first message to an applicant."""
    intro = _("Hello! You asked to join the group “{title}”.").format(
        title=group.title or group.key
    )
    return "\n\n".join([intro, body, _("Do you agree?")])


def existing_member_notice(body: str, group: Group) -> str:
    """The first message to someone who was in the group before the bot."""
    intro = _(
        "Hello! You are a member of the group “{title}”. Please read how your messages are "
        "handled and tell us whether you agree."
    ).format(title=group.title or group.key)
    return "\n\n".join([intro, body, _("Do you agree?")])


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def agree_keyboard(dialogue_id: int) -> InlineKeyboardMarkup:
    """I agree / No thanks."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(_("Yes, I agree"), f"cj:{dialogue_id}:a"),
                _button(_("No, thank you"), f"cj:{dialogue_id}:d"),
            ]
        ]
    )


def age_bands(min_age: int) -> tuple[str, ...]:
    """The bands a youth group accepts: "{min}-17" (unless the minimum is 18) and "18+"."""
    return (f"{min_age}-17", ADULT_BAND) if min_age < 18 else (ADULT_BAND,)


def under_band(min_age: int) -> str:
    """The band recorded for someone under the minimum age ("under-16")."""
    return f"under-{min_age}"


def age_question(min_age: int) -> str:
    """The youth group's age question."""
    return _(
        "How old are you? This group is for young people aged {min} or over, and they give "
        "this consent themselves."
    ).format(min=min_age)


def age_keyboard(dialogue_id: int, min_age: int) -> InlineKeyboardMarkup:
    """Under the minimum / minimum–17 / 18 or older (bands follow `youth_min_age`)."""
    labels = {f"{UNDER}{min_age}": _("Under {min}").format(min=min_age)}
    for band in age_bands(min_age):
        labels[band] = _("18 or older") if band == ADULT_BAND else f"{min_age}–17"
    rows = [[_button(label, f"cj:{dialogue_id}:g:{band}")] for band, label in labels.items()]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def municipality_question() -> str:
    """The municipality question."""
    return _(
        "Which municipality do you live in? It is used only for anonymous figures; groups "
        "smaller than five people are never shown."
    )


def municipality_keyboard(
    dialogue_id: int, municipalities: tuple[str, ...]
) -> InlineKeyboardMarkup:
    """The configured municipalities two a row, then "other" and "prefer not to say"."""
    buttons = [
        _button(name, f"cj:{dialogue_id}:m:{index}") for index, name in enumerate(municipalities)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(_("Another municipality"), f"cj:{dialogue_id}:m:{OTHER}")])
    rows.append([_button(_("I prefer not to say"), f"cj:{dialogue_id}:m:{UNSAID}")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def municipality_of(choice: str, municipalities: tuple[str, ...]) -> str | None:
    """The stored municipality for a button: a name, "other", or None (not said)."""
    if choice == OTHER:
        return "other"
    index = callback_data.number(choice)
    if index is not None and index < len(municipalities):
        return municipalities[index]
    return None


def welcome_text(rules: str) -> str:
    """After consent and approval: welcome, with the rules."""
    return _("Thank you! Welcome to the group.") + "\n\n" + rules


def thanks_existing_text() -> str:
    """After an existing member's consent."""
    return _(
        "Thank you! Your consent is recorded. You can see your data with /mydata and withdraw "
        "at any time with /forget."
    )


def declined_text() -> str:
    """The applicant said no."""
    return _(
        "All right, you will not be added to the group and nothing about you was kept. "
        "You are welcome to ask again later."
    )


def existing_declined_text() -> str:
    """An existing member said no."""
    return _(
        "Thank you for telling us. Your messages are counted but never quoted. If you want "
        "everything about you erased, send /forget."
    )


def under_age_text(min_age: int, other_channels: str) -> str:
    """The kind refusal under the minimum age, pointing to other ways to take part."""
    first = _(
        "Thank you for your interest! This group is for young people aged {min} or over, "
        "because Telegram's terms require it."
    ).format(min=min_age)
    if other_channels:
        then = _("You can still take part in other ways: {channels}").format(
            channels=other_channels
        )
    else:
        then = _(
            "Ask your parent or guardian to contact the project workers: they will tell you "
            "how you can take part."
        )
    return f"{first} {then}"


def timed_out_text() -> str:
    """The dialogue was not finished in time."""
    return _(
        "This request has expired because there was no answer in time. You can ask to join "
        "again whenever you like."
    )


def gone_text() -> str:
    """The join request was already handled elsewhere."""
    return _("Your request to join is no longer open. Please ask to join again.")


def consented_text(day: str) -> str:
    """An existing member who already consented opens the link again."""
    return _(
        "You gave your consent on {date}. If you withdraw it, your texts and your identity in "
        "this group are erased; only anonymous counts remain."
    ).format(date=day)


def withdrawn_text() -> str:
    """After withdrawal."""
    return _("Your consent is withdrawn and your texts and identity in this group are erased.")


def expired_question_text() -> str:
    """An existing member's consent dialogue was left unanswered."""
    return _("This question has expired. Open the link in the group again whenever you like.")


def consent_call_text() -> str:
    """The pinned request to members who were in the group before the bot."""
    return _(
        "Hello everyone! Neuvo now keeps the record of this group's discussions. If you were "
        "here before Neuvo, please read how your messages are handled and give your consent "
        "with the button below. Until then your messages are only counted, never quoted."
    )


def consent_call_button() -> str:
    """The button under the consent call."""
    return _("Read and give consent")
