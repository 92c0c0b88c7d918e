"""The member's rights in private chat: /mydata files and /forget across every table."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from tests.e2e.members_support import World, running_world, tr

SECRET_ID = 777_000_111
TEXTS = ("Salainen ajatus", "Muokattu salainen", "ilkeä kommentti")


async def _active_member(world: World) -> tuple[int, int]:
    """A member who joined through the bot, wrote, edited, reacted, reported and was warned."""
    world.sim.start_bot(world.staff)
    me = world.person("Salla", user_id=SECRET_ID)
    await world.join(me)
    mine = await world.say(me, "Salainen ajatus numero yksi.")
    world.sim.user_edits(me, world.chat, mine, "Muokattu salainen ajatus.")
    other = await world.say(world.members[0], "Toisen jäsenen viesti.")
    world.sim.user_reacts(me, world.chat, other, ["👍"])
    world.sim.user_reacts(world.members[1], world.chat, mine, ["❤"])
    await world.bot.settle()
    await world.say(me, "/report ilkeä kommentti", reply_to=other)
    await world.say(world.staff, "/warn", reply_to=mine)
    return me, mine


async def test_mydata_sends_json_and_csv_with_everything(database_url: str) -> None:
    """/mydata sends two files holding the member's texts, answers and consent record."""
    async with running_world(database_url) as world:
        me, _mine = await _active_member(world)
        await world.private_command(me, "/mydata")
        documents = world.sim.documents(me)
        assert sorted(d["filename"].rsplit(".", 1)[1] for d in documents) == ["csv", "json"]
        data = json.loads(next(d for d in documents if d["filename"].endswith("json"))["bytes"])
        (membership,) = data["memberships"]
        assert membership["member"]["municipality"] == "Lahti"
        assert membership["consent_records"][0]["decision"] == "given"
        (contribution,) = membership["contributions"]
        assert contribution["text"] == "Muokattu salainen ajatus."
        assert contribution["earlier_texts"][0]["previous_text"] == "Salainen ajatus numero yksi."
        assert data["reports_made"][0]["reason"] == "ilkeä kommentti"
        assert len(data["reactions"]) == 1 and len(membership["warnings"]) == 1
        table = next(d for d in documents if d["filename"].endswith("csv"))["bytes"]
        rows = list(csv.reader(io.StringIO(table.decode("utf-8-sig"))))
        assert rows[0] == ["field", "value"]
        assert ["memberships.0.contributions.0.text", "Muokattu salainen ajatus."] in rows


async def test_forget_leaves_no_text_or_id_in_any_table(database_url: str) -> None:
    """After /forget and its confirmation, no table holds the member's id or any of their texts."""
    async with running_world(database_url) as world:
        me, mine = await _active_member(world)
        before = await world.rows("SELECT count(*) FROM contributions")
        assert {t for t, _c, _v in await world.traces(me, TEXTS)} >= {
            "members",
            "contributions",
            "contribution_edits",
            "reactions",
            "reports",
            "moderation_actions",
        }
        await world.private_command(me, "/forget")
        confirm = world.last_private(me)
        await world.press(me, confirm, "fg:yes")

        assert await world.traces(me, TEXTS) == []
        assert await world.rows("SELECT count(*) FROM contributions") == before, "counts remain"
        assert await world.rows(
            "SELECT forgotten, consent FROM members WHERE user_id IS NULL"
        ) == [(1, "withdrawn")]
        assert await world.rows(
            "SELECT count(*) FROM reactions WHERE message_id = :message", message=mine
        ) == [(1,)]
        assert world.current(confirm)["text"] == tr(
            "Done. Your texts and your identity are erased; only anonymous counts remain.", "fi"
        )


async def test_forget_can_be_cancelled(database_url: str) -> None:
    """Cancel keeps everything."""
    async with running_world(database_url) as world:
        me, _mine = await _active_member(world)
        await world.private_command(me, "/forget")
        await world.press(me, world.last_private(me), "fg:no")
        assert await world.rows("SELECT text FROM contributions WHERE text LIKE 'Muokattu%'") == [
            ("Muokattu salainen ajatus.",)
        ]


async def test_rights_commands_in_the_group_point_to_private_chat(database_url: str) -> None:
    """/mydata in the group only says to use a private chat (nothing is posted publicly)."""
    async with running_world(database_url) as world:
        await world.say(world.members[0], "/mydata")
        assert world.group_texts()[-1] == tr(
            "Please send this command to me in a private chat.", "fi"
        )
        assert world.sim.documents() == []


async def test_daily_purge_erases_texts_past_retention(database_url: str) -> None:
    """The retention job empties texts older than `retention_months` and audits the count."""
    async with running_world(database_url, retention_months=12) as world:
        await world.say(world.members[0], "Vanha ajatus.")
        world.clock.advance(timedelta(days=200))
        await world.say(world.members[1], "Uudempi ajatus.")
        assert await world.jobs.purge_expired(world.clock() + timedelta(days=200)) == 1
        assert await world.rows("SELECT text FROM contributions ORDER BY id") == [
            (None,),
            ("Uudempi ajatus.",),
        ]
        assert await world.rows("SELECT count(*) FROM contributions") == [(2,)]
        assert [row[3][:2] for row in await world.audit("retention-purge")] == ["1 "]
        handled = "SELECT count(*) FROM inbox_updates WHERE status = 'done'"
        assert await world.rows(handled) == [(0,)]  # handled updates' ids are purged too


async def test_rights_work_in_english(database_url: str) -> None:
    """An English-speaking member gets /mydata and /forget end to end in English."""
    async with running_world(database_url) as world:
        world.sim.start_bot(world.staff)
        me = world.person("Sam", language="en")
        await world.join(me)
        await world.say(me, "My own thought.")
        await world.private_command(me, "/mydata")
        assert sorted(d["filename"].rsplit(".", 1)[1] for d in world.sim.documents(me)) == [
            "csv",
            "json",
        ]
        await world.private_command(me, "/forget")
        confirm = world.last_private(me)
        await world.press(me, confirm, "fg:yes")
        assert world.current(confirm)["text"] == (
            "Done. Your texts and your identity are erased; only anonymous counts remain."
        )
        assert await world.traces(me, ("My own thought",)) == []


async def test_later_edit_and_reaction_of_a_forgotten_message_leave_no_trace(
    database_url: str,
) -> None:
    """After /forget, an edit of an old message and a reaction to it store no text and no id."""
    async with running_world(database_url) as world:
        me, mine = await _active_member(world)
        await world.private_command(me, "/forget")
        await world.press(me, world.last_private(me), "fg:yes")
        row_sql = "SELECT text, edited_at FROM contributions WHERE message_id = :message"
        forgotten = await world.rows(row_sql, message=mine)
        later = "Myöhempi muokkaus"
        world.clock.advance(timedelta(minutes=5))
        world.sim.user_edits(me, world.chat, mine, f"{later} vanhaan viestiin.")
        world.sim.user_reacts(me, world.chat, mine, ["🔥"])
        world.sim.user_reacts(world.members[0], world.chat, mine, ["👍"])
        await world.bot.settle()
        found = await world.traces(me, (*TEXTS, later))
        assert found == [], found
        assert await world.rows(row_sql, message=mine) == forgotten
        assert forgotten[0][0] is None
        anonymous = await world.rows(
            "SELECT emoji, count FROM reactions WHERE message_id = :message AND user_id IS NULL",
            message=mine,
        )
        assert sorted(anonymous) == sorted([("🔥", 1), ("👍", 1)])
