"""A board table across devices, played through the screens: each app is a student's device with its own
connection to the same class record. Two seats play to the end with a secret ballot and a discussion ended
early by one of them, while an observer watches and never sees a ballot before the tally."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.classroom.live import LiveClass
from game.classroom.record import ClassRecord, new_teacher_token
from game.ui.classroom.table import TableScreen
from game.ui.classroom.table_dev import table_app

from ..helpers import sync, three_plan

SIZE = (80, 24)


def flat(text: str) -> str:
    """Screen text with line breaks and padding squeezed out (sentences wrap in the narrow column)."""
    return " ".join(text.replace("█", " ").replace("│", " ").split())


class Device:
    """One student's app on the shared record."""

    def __init__(self, path: Path, session: int, table: int, student: int, plan: Any, lang: str = "en") -> None:
        self.live = LiveClass(ClassRecord.open(path), session)
        self.app = table_app(self.live, table, student, plan, lang=lang)
        self.delivered: list[tuple[str, str]] = []

        def deliver(file: Any, *, save_filename: str | None = None, **_: Any) -> str:
            self.delivered.append((save_filename or "", file.read()))
            return "key"

        self.app.deliver_text = deliver  # type: ignore[method-assign,assignment]  # the browser's download, captured

    @property
    def screen(self) -> TableScreen:
        screen = self.app.screen
        assert isinstance(screen, TableScreen), type(screen)
        return screen

    async def look(self, pilot: Any) -> str:
        """Catch up with the record now (the screen's timer does it every second) and read the screen."""
        # Three apps share this test's task, where Textual's "active app" is the last one started: this
        # device's screen must read its own app (its language) as its timer would.
        with self.app._context():
            self.screen.refresh_table()
        await pilot.pause()
        # Column by column, so that a sentence wrapped in the left column reads on, unbroken by the right one.
        strips = self.app.screen._compositor.render_strips()
        split = self.screen.query_one("#stage").region.right
        left = "\n".join(strip.crop(0, split).text for strip in strips)
        right = "\n".join(strip.crop(split, SIZE[0]).text for strip in strips)
        return flat(left) + " ‖ " + flat(right)


@sync
async def test_two_devices_play_a_table_with_a_secret_ballot_while_an_observer_watches(tmp_path: Path) -> None:
    plan = three_plan(tmp_path)
    path = tmp_path / "class.sqlite"
    record = ClassRecord.open(path)
    session = record.create_session("mini", new_teacher_token()).id
    teacher = LiveClass(record, session)
    ana, ben, cy = (teacher.join(name)[0].id for name in ("Ana", "Ben", "Cy"))
    table = teacher.open_table("Table 1", ["chair", "member"], discussion=120)
    teacher.sit(table, ana, "chair")
    teacher.sit(table, cy, None)

    chair = Device(path, session, table, ana, plan)
    member = Device(path, session, table, ben, plan, lang="zh")
    watcher = Device(path, session, table, cy, plan)
    async with (
        chair.app.run_test(size=SIZE) as a,
        member.app.run_test(size=SIZE) as b,
        watcher.app.run_test(size=SIZE) as c,
    ):
        # The waiting room: who sat where, live.
        text = await chair.look(a)
        assert "WAITING FOR THE TABLE" in text and "The Chair: Ana (you)" in text and "A member: free" in text
        teacher.sit(table, ben, "member")
        text = await chair.look(a)
        assert "Call the vote?" in text and "Your decision." in text and "1 Call the vote" in text
        assert "is deciding" not in text

        # The others see who is deciding, never what.
        text = await member.look(b)
        assert "主席正在做决定……" in text and "要发起投票吗？" not in text and "发起投票" not in text
        text = await watcher.look(c)
        assert "The Chair is deciding…" in text and "Call the vote?" not in text and "Observer" in text
        await c.press("1")  # an observer's key does nothing
        assert len(teacher.record.choices(chair.screen.tables.game_id or 0)) == 0

        await a.press("1")  # the chair calls the vote
        # The discussion before the vote, with its countdown; ballots wait.
        text = await chair.look(a)
        assert "DISCUSSION BEFORE THE VOTE" in text and "Remove the CEO" in text
        assert "left before the ballots open" in text and "1 Yes" not in text
        text = await member.look(b)
        assert "投票前讨论" in text and "结束讨论" in text
        text = await watcher.look(c)
        assert "DISCUSSION BEFORE THE VOTE" in text and "End discussion" not in text  # observers cannot end it

        await b.press("e")  # the member ends the discussion early
        text = await chair.look(a)
        assert "The discussion is over" in text and "A member ended it" in text and "1 Yes" in text

        await a.press("2")  # the chair votes No, in secret
        text = await chair.look(a)
        assert "You voted “No”" in text and "2 No" not in text
        text = await member.look(b)
        assert "已秘密投票：主席" in text and "1 赞成" in text and "反对" in text
        assert "你投了" not in text  # the member has not voted, and sees nothing of the chair's ballot
        text = await watcher.look(c)
        assert "Already voted, in secret: The Chair" in text and "Waiting for ballots from A member" in text
        assert "No" not in text.replace("Nov", "")  # no ballot shows to an observer before the tally
        assert "Vote failed" not in text and "Vote passed" not in text

        await b.press("1")  # the member votes Yes: the last ballot, and the tally
        for device, pilot in ((chair, a), (watcher, c)):
            text = await device.look(pilot)
            assert "Vote failed: 1 yes, 1 no, 0 abstained (2 needed)." in text
            assert "THE TABLE'S ENDING" in text and "Nothing changes" in text
        text = await member.look(b)
        # Chinese breaks between any two characters, so read it with the spaces out.
        assert "表决未通过：赞成1，反对1，弃权0（需要2票）。" in text.replace(" ", "") and "一切照旧" in text

        # The table's transcript, downloaded from the screen, lists every seat's choices.
        await a.press("d")
        await a.pause()
        [(name, transcript)] = chair.delivered
        assert name.startswith("table-Table-1-") and name.endswith("-en.md")
        assert "The Chair (Ana), A member (Ben)" in transcript
        assert "— The Chair" in transcript and "— A member" in transcript
        assert transcript.count("Remove the CEO") >= 2  # both ballots, each under its seat

        # Everyone's dashboard row says where they are.
        where = {p.name: p for p in teacher.presence()}
        assert where["Ana"].screen == "table" and where["Ana"].seat == "chair"
        assert where["Cy"].screen == "table" and where["Cy"].seat is None
        await a.press("escape")  # back to the lobby (here: the app ends); a started game keeps its seat
        await c.press("escape")  # the observer leaves the table
        await a.pause()
        await c.pause()
        assert chair.app.return_code == 0 and watcher.app.return_code == 0
        after = teacher.table(table)
        assert after is not None and after.members == {"chair": ana, "member": ben} and after.observers == ()
