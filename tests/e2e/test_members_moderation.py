"""Staff moderation as a reply, staff-only refusals, reports and the audit log."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.members_support import World, running_world, tr

REFUSAL = "Sorry, only the project's staff can use this command."
STAFF_COMMANDS = (
    "setup parents",
    "plan 2026-12-08 kiusaaminen",
    "unplan 2026-12-08",
    "skip 2026-12-08",
    "open vapaa",
    "close",
    "hide",
    "stats",
    "warn",
    "mute 1h",
    "unmute",
    "ban",
    "waiting",
    "audit",
)


async def test_every_staff_command_refuses_members_and_audits(database_url: str) -> None:
    """A member gets the polite refusal for each staff command, and each refusal is audited."""
    async with running_world(database_url) as world:
        member, other = world.members[0], world.members[1]
        target = await world.say(other, "Viesti johon vastataan.")
        for command in STAFF_COMMANDS:
            await world.say(member, f"/{command}", reply_to=target)
            assert world.group_texts()[-1] == tr(REFUSAL, "fi"), command
        refused = await world.rows(
            "SELECT action, actor_user_id FROM moderation_actions WHERE outcome = 'refused'"
        )
        names = [command.split()[0] for command in STAFF_COMMANDS]
        assert refused == [(name, member) for name in names]
        assert world.sim.member_status(world.chat, other) == "member"


async def _reply(world: World, command: str, target: int) -> str:
    await world.say(world.staff, command, reply_to=target)
    return world.group_texts()[-1]


async def test_three_warnings_mute_for_a_day(database_url: str) -> None:
    """/warn as a reply counts warnings; the third mutes the member for 24 hours."""
    async with running_world(database_url) as world:
        member = world.members[0]
        target = await world.say(member, "Asiaton viesti.")
        first = await _reply(world, "/warn kielenkäyttö", target)
        assert first.startswith(
            tr("Warning {count}/{limit} to {name}.", "fi").format(count=1, limit=3, name="Jäsen0")
        )
        await _reply(world, "/warn", target)
        third = await _reply(world, "/warn", target)
        assert third == tr(
            "{name} has had {count} warnings and cannot write for {span}.", "fi"
        ).format(name="Jäsen0", count=3, span=tr("{hours} h", "fi").format(hours=24))
        assert world.sim.member_status(world.chat, member) == "restricted"
        until = world.sim.member_until(world.chat, member)
        assert until == int((world.clock() + timedelta(hours=24)).timestamp())
        assert await world.rows("SELECT count(*) FROM warnings WHERE spent = TRUE") == [(3,)]
        assert [row[2] for row in await world.audit("mute")] == ["done"]
        assert [row[0] for row in await world.audit("warn")] == [world.staff] * 3


async def test_mute_unmute_and_ban(database_url: str) -> None:
    """/mute 2h restricts until then, /unmute lifts it, /ban removes and is audited."""
    async with running_world(database_url) as world:
        member = world.members[0]
        target = await world.say(member, "Hei.")
        await _reply(world, "/mute 2h", target)
        assert world.sim.member_status(world.chat, member) == "restricted"
        assert world.sim.member_until(world.chat, member) == int(
            (world.clock() + timedelta(hours=2)).timestamp()
        )
        await _reply(world, "/unmute", target)
        assert world.sim.member_status(world.chat, member) == "member"
        assert (await _reply(world, "/mute ikuisesti", target)).startswith(
            tr("Give the time like 30m, 2h or 1d, e.g. /mute 2h", "fi")
        )
        await _reply(world, "/ban", target)
        assert world.sim.member_status(world.chat, member) == "kicked"
        actions = await world.rows(
            "SELECT action, outcome FROM moderation_actions WHERE target_user_id = :target "
            "ORDER BY id",
            target=member,
        )
        assert actions == [("mute", "done"), ("unmute", "done"), ("ban", "done")]


async def test_staff_cannot_be_moderated(database_url: str) -> None:
    """/ban on a project worker's message is refused and audited."""
    async with running_world(database_url) as world:
        target = await world.say(world.staff, "Tervetuloa!")
        reply = await _reply(world, "/ban", target)
        assert reply == tr("Project workers and bots cannot be moderated with this command.", "fi")
        assert [row[2] for row in await world.audit("ban")] == ["refused"]


async def test_reports_alert_staff_and_three_hide_until_decided(database_url: str) -> None:
    """One report alerts staff privately; three reporters hide it; dismissing restores it."""
    async with running_world(database_url, members=4) as world:
        world.sim.start_bot(world.staff)
        author, *reporters = world.members
        target = await world.say(author, "Kiistanalainen mielipide.")
        await world.say(reporters[0], "/report loukkaava", reply_to=target)
        assert world.sim.deleted_messages(world.chat)[-1] != target
        (alert,) = world.private(world.staff)
        assert "loukkaava" in alert["text"] and "Kiistanalainen mielipide." in alert["text"]
        assert [b.split(":")[1] for b in world.buttons(alert)] == ["h", "w", "d"]

        await world.say(reporters[1], "/report", reply_to=target)
        assert len(world.private(world.staff)) == 1, "no new alert for the second report"
        await world.say(reporters[2], "/report", reply_to=target)
        assert target in world.sim.deleted_messages(world.chat)
        assert await world.rows(
            "SELECT hidden FROM contributions WHERE message_id = :message", message=target
        ) == [(1,)]
        hidden_alert = world.last_private(world.staff)
        await world.press(world.staff, hidden_alert, ":d:1")
        assert await world.rows(
            "SELECT hidden FROM contributions WHERE message_id = :message", message=target
        ) == [(0,)]
        assert world.group_texts()[-1].endswith("Kiistanalainen mielipide.")
        assert await world.rows("SELECT DISTINCT status FROM reports") == [("dismissed",)]
        assert [row[1] for row in await world.audit("report")] == [author] * 3


async def test_staff_decision_hide_and_warn(database_url: str) -> None:
    """ "Warn" on a report hides the message and warns its author; others cannot decide."""
    async with running_world(database_url) as world:
        world.sim.start_bot(world.staff)
        author, reporter = world.members[0], world.members[1]
        target = await world.say(author, "Mainos: osta tästä!")
        await world.say(reporter, "/report mainos", reply_to=target)
        alert = world.last_private(world.staff)
        query = world.sim.user_presses(reporter, alert, world.buttons(alert)[1])
        await world.bot.settle()
        assert world.sim.callback_answer(query) == {
            "text": tr(REFUSAL, "fi"),
            "show_alert": False,
            "url": None,
            "cache_time": 0,
        }
        await world.press(world.staff, alert, world.buttons(alert)[1].split(":", 1)[1])
        assert target in world.sim.deleted_messages(world.chat)
        assert await world.rows("SELECT count(*) FROM warnings") == [(1,)]
        assert world.current(alert)["text"].endswith(
            tr("Decision: {decision}.", "fi").format(
                decision=tr("hidden and the author warned", "fi")
            )
        )


async def test_audit_lists_the_latest_actions_to_staff(database_url: str) -> None:
    """/audit shows the group's newest audit entries, newest first."""
    async with running_world(database_url) as world:
        target = await world.say(world.members[0], "Hei.")
        await _reply(world, "/mute 30m", target)
        listing = await _reply(world, "/audit", target)
        assert listing.startswith(tr("Audit log, newest first:", "fi"))
        assert "mute [done]" in listing


async def test_audit_after_long_warning_reasons_is_split_not_lost(database_url: str) -> None:
    """/audit whose entries exceed Telegram's 4,096 characters arrives in several messages, each
    within the limit, and the update does not fail."""
    async with running_world(database_url) as world:
        target = await world.say(world.members[0], "Asiaton viesti.")
        for number in range(9):  # reasons are kept to 500 characters each
            await _reply(world, f"/warn {number} {'syy' * 200}", target)
        before = len(world.group_texts())
        await _reply(world, "/audit", target)
        parts = world.group_texts()[before:]
        assert len(parts) >= 2 and parts[0].startswith(tr("Audit log, newest first:", "fi"))
        assert all(len(part.encode("utf-16-le")) // 2 <= 4096 for part in parts)
        assert await world.rows("SELECT count(*) FROM inbox_updates WHERE status = 'failed'") == [
            (0,)
        ]


async def test_new_admin_is_staff_at_once(database_url: str) -> None:
    """A chat_member update promoting someone refreshes the cached list of administrators."""
    async with running_world(database_url) as world:
        member = world.members[0]
        await world.say(member, "/waiting")
        assert world.group_texts()[-1] == tr(REFUSAL, "fi")
        world.sim.member_update(world.chat, member, "member", "administrator", by=world.staff)
        await world.bot.settle()
        await world.say(member, "/waiting")
        assert world.group_texts()[-1] != tr(REFUSAL, "fi")


async def test_reports_never_hide_staff_messages(database_url: str) -> None:
    """Three reports of a project worker's message alert staff but do not hide it."""
    async with running_world(database_url, members=4) as world:
        target = await world.say(world.staff, "Huomenna ei keskustelua.")
        for reporter in world.members[:3]:
            await world.say(reporter, "/report", reply_to=target)
        assert target not in world.sim.deleted_messages(world.chat)
        assert await world.audit("report-autohide") == []


async def test_moderation_speaks_the_group_language(database_url: str) -> None:
    """In an English-speaking group, warnings and refusals are in English."""
    async with running_world(database_url, group={"language": "en"}) as world:
        member = world.members[0]
        target = await world.say(member, "Off-topic message.")
        first = await _reply(world, "/warn language", target)
        assert first.startswith("Warning 1/3 to Jäsen0.")
        await world.say(member, "/ban", reply_to=target)
        assert world.group_texts()[-1] == REFUSAL
