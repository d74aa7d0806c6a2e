"""The play screen at 80x24: stakes on the options, every option reachable, the briefing's objective in view."""

from __future__ import annotations

from game.ui.app import make_app

from ..helpers import sync

SIZE = (80, 24)


@sync
async def test_options_show_their_stakes_and_the_legend_says_not_which_way(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = ui_screen_text(app)
        # Call the vote (trust -5) and wait (trust +5) carry the same stakes: the mark hides the direction.
        call = next(line for line in text.splitlines() if "1  Call the vote" in line)
        wait = next(line for line in text.splitlines() if "2  Wait" in line)
        assert "●○○" in call and "●○○" in wait
        assert "never which way" in text
        await pilot.press("g")
        await pilot.pause()
        assert "不论方向" in ui_screen_text(app)


@sync
async def test_the_objective_is_in_view_and_the_private_text_scrolls(flagship_plan, ui_saves, ui_screen_text):
    from game.ui.screens.seat import BriefingScreen

    for lang, seat, objective in (("en", 1, "Objective"), ("zh", 5, "目标")):
        app = make_app(saves_dir=ui_saves, plan=flagship_plan, lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(str(seat))
            await pilot.pause()
            assert isinstance(app.screen, BriefingScreen)
            text = ui_screen_text(app)
            model = flagship_plan.seats[list(flagship_plan.seats)[seat - 1]]
            words = model.objective.get(lang)
            assert objective in text and words[:12] in text.replace("\n", "")
            ending = model.private.get(lang).split()[-1] if lang == "en" else model.private.get(lang)[-6:]
            for _ in range(30):
                await pilot.press("down")
            await pilot.pause()
            assert ending in ui_screen_text(app)  # the last words of the private text can be reached


@sync
async def test_left_and_right_move_one_whole_card_and_reach_the_seventh(flagship_plan, ui_saves):
    from textual.containers import HorizontalScroll

    from game.ui.widgets.seatcard import SeatCard

    app = make_app(saves_dir=ui_saves, plan=flagship_plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = app.screen.query_one("#seat-cards", HorizontalScroll)
        cards = list(app.screen.query(SeatCard))
        assert len(cards) == 7
        for n in range(1, 7):
            await pilot.press("right")
            await pilot.pause()
            assert cards[n].has_focus
            # The focused card is whole on screen: its region lies inside the row's.
            assert row.region.contains_region(cards[n].region), n
        await pilot.press("left")
        await pilot.pause()
        assert cards[5].has_focus and row.region.contains_region(cards[5].region)


@sync
async def test_meter_labels_use_their_short_form_where_the_full_one_would_be_cut(
    flagship_plan, ui_saves, ui_screen_text
):
    app = make_app(saves_dir=ui_saves, plan=flagship_plan, seat="toner")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Investors" in text and "Mission & safety" in text and "…" not in text.split("╭─ Meters")[1][:900]
    app = make_app(saves_dir=ui_saves, plan=flagship_plan, seat="toner")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Investor confidence" in ui_screen_text(app)  # room for the full label


@sync
async def test_the_last_option_of_a_long_decision_can_be_read_whole(flagship_plan, ui_saves, ui_screen_text):
    from game.ui.widgets.decision import ChoiceList

    app = make_app(saves_dir=ui_saves, plan=flagship_plan, seat="sutskever")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        game = app.session.game
        assert game is not None and game.pending is not None and game.pending.decision.id == "sut_case"
        last = game.options("sutskever")[-1].option.model.text.get("en")
        choices = app.screen.query_one(ChoiceList)
        assert choices.region.bottom <= app.screen.size.height - 1  # the list's frame ends above the Footer
        await pilot.press("end")  # the list scrolls to its last option
        await pilot.pause()
        flat = " ".join(ui_screen_text(app).replace("│", " ").split())
        assert " ".join(last.split()[-4:]) in flat
