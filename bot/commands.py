"""The command registry: one list feeds /help and the Telegram command menu."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n.lazy_proxy import LazyProxy  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CommandInfo:
    """A command, its argument pattern and what it does (translated lazily)."""

    name: str
    args: str | LazyProxy  # placeholders in the reader's language: "<reason>", "<syy>"
    description: LazyProxy


MEMBER_COMMANDS = (
    CommandInfo("start", "", __("what Neuvo is")),
    CommandInfo("help", "", __("the commands you can use")),
    CommandInfo("rules", "", __("the rules of the group (in the group)")),
    CommandInfo(
        "report", __("[<reason>]"), __("as a reply: tell the project workers about a message")
    ),
    CommandInfo("mydata", "", __("everything stored about you, as files")),
    CommandInfo("forget", "", __("erase your texts and identity")),
    CommandInfo(
        "kalenteri", "", __("the coming sessions as a calendar file (/kalender, /calendar)")
    ),
    CommandInfo("kysy", __("<question>"), __("ask the project workers a question (/fraga, /ask)")),
    CommandInfo("apua", "", __("help services, and a worker can contact you (/hjalp, /help_me)")),
)

STAFF_COMMANDS = (
    CommandInfo("setup", __("parents|youth [<key>]"), __("register this group (in the group)")),
    CommandInfo(
        "plan", __("[<yyyy-mm-dd> <theme>]"), __("plan a session day, or list the coming ones")
    ),
    CommandInfo("unplan", __("<yyyy-mm-dd>"), __("that day is not a session day")),
    CommandInfo("schedule", "", __("the coming sessions")),
    CommandInfo(
        "vuoro",
        __("<yyyy-mm-dd> <hours, e.g. 8-10> [name|off]"),
        __("take a window on duty, or give it up (/jour, /duty)"),
    ),
    CommandInfo(
        "teksti", __("<yyyy-mm-dd>"), __("show and change a day's prompt (/text, /prompt)")
    ),
    CommandInfo("open", __("<theme> [until <hh:mm>]"), __("open a discussion now")),
    CommandInfo("close", "", __("close the ad hoc discussion")),
    CommandInfo("hide", "", __("as a reply: delete a message and mark it hidden")),
    CommandInfo("highlight", "", __("as a reply: highlight a contribution for the digest")),
    CommandInfo(
        "nostot",
        __("<yyyy-mm> <theme> <text>"),
        __("the staff note shown first under a theme in the digest (/lyft, /takeaways)"),
    ),
    CommandInfo(
        "alateema",
        __("<question number>"),
        __("as a reply: move a contribution to another question (/delamne, /subtopic)"),
    ),
    CommandInfo(
        "turvallinen", "", __("as a reply: clear a message's safeguarding mark (/trygg, /safe)")
    ),
    CommandInfo("stats", "", __("figures of the open window and the month")),
    CommandInfo(
        "kysymys",
        "",
        __("as a reply: make a member's question from their message (/fragan, /question)"),
    ),
    CommandInfo("kysymykset", "", __("the questions waiting for an answer (/fragor, /questions)")),
    CommandInfo(
        "vastaa",
        __("<question number> <answer>"),
        __("answer a member's question (/svara, /answer)"),
    ),
    CommandInfo(
        "kysely",
        __("<question>? | <option> | <option> [--not-anonymous]"),
        __("a quick poll on the open window's theme (/enkat, /poll)"),
    ),
    CommandInfo(
        "sulje_kysely",
        "",
        __("close the poll replied to or the latest one (/stang_enkat, /close_poll)"),
    ),
    CommandInfo(
        "apupyynnot", "", __("open help requests, marked handled (/hjalpbegaran, /help_requests)")
    ),
    CommandInfo("digest", __("[<yyyy-mm>] [<group>|all]"), __("the monthly digest (in private)")),
    CommandInfo("web", "", __("a sign-in link to the web console (in private)")),
    CommandInfo("subscribe", "", __("get last month's digest on the 1st (in private)")),
    CommandInfo("unsubscribe", "", __("stop the monthly digest")),
    CommandInfo(
        "warn", __("[<reason>]"), __("as a reply: warn a member (3 warnings mute for 24 h)")
    ),
    CommandInfo("mute", __("[30m|2h|1d]"), __("as a reply: stop a member writing for a while")),
    CommandInfo("unmute", "", __("as a reply: let a member write again")),
    CommandInfo("ban", "", __("as a reply: remove a member from the group")),
    CommandInfo("waiting", "", __("places and the waiting list of the group")),
    CommandInfo("audit", "", __("the latest moderation and staff actions")),
)


def _line(command: CommandInfo) -> str:
    usage = f"/{command.name} {command.args}".rstrip()
    return f"{usage} – {command.description}"


def help_text(is_staff: bool) -> str:
    """The commands this user may use, in the current language."""
    lines = [_("Commands for members:"), *(_line(c) for c in MEMBER_COMMANDS)]
    if is_staff:
        lines += ["", _("Commands for staff:"), *(_line(c) for c in STAFF_COMMANDS)]
    return "\n".join(lines)


def welcome_text() -> str:
    """What Neuvo is, in the user's language."""
    return _(
        "Hello! I am Neuvo, the assistant of the advisory groups of parents and young people.\n\n"
        "On two days a month the project workers open a themed discussion in the group, at "
        "08–10, 14–16 and 20–22. I post the theme, keep the discussion safe and gather what "
        "was said into a monthly summary for the people who develop the services. Names are "
        "never passed on.\n\nType /help to see what you can do."
    )


def menu() -> list[tuple[str, str]]:
    """(command, description) pairs for setMyCommands, in the current language."""
    return [(c.name, str(c.description)) for c in MEMBER_COMMANDS]
