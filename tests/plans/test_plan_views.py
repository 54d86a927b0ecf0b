"""What the plan pages show, decided in plain functions: the plan shown first, a saved view
limited to the plan's choices, and user text escaped in the Markdown the pages render."""

from datetime import date

from markdown_it import MarkdownIt

from plans import plans, views

RENDER = MarkdownIt("commonmark")


def test_this_years_plan_is_shown_first_else_the_newest(db, users, small_plan):
    later = plans.create_plan(db, users["staff"], year=2023, number="9/KH", title="Kế hoạch 2023")
    labels, default = views.plan_choices(db, plans.list_plans(db, users["staff"]), date(2021, 5, 1))
    assert default == small_plan["plan"]
    assert labels[small_plan["plan"]] == "2021 · 105/KH-UBND · Kế hoạch tuyên truyền CCHC năm 2021"
    _labels, default = views.plan_choices(db, plans.list_plans(db, users["staff"]), date(2030, 1, 1))
    assert default == later["id"]
    assert views.plan_choices(db, [], date(2030, 1, 1)) == ({}, None)


def test_a_saved_view_keeps_only_what_the_plan_offers(db, small_plan):
    options = views.filter_options(db, plans.get_plan(db, small_plan["plan"]))
    unit = small_plan["units"]["SNV"]
    view = {
        "filters": {
            "theme_ids": [small_plan["themes"][0], 999],
            "lead_unit_ids": [unit, 998],
            "channel_codes": ["press", "gone"],
            "statuses": ["done"],
            "quarters": [2],
            "overdue_only": 1,
        }
    }
    assert views.view_filters(view, options) == {
        "theme_ids": [small_plan["themes"][0]],
        "lead_unit_ids": [unit],
        "channel_codes": ["press"],
        "statuses": ["done"],
        "quarters": [2],
        "overdue_only": True,
    }


def test_evidence_lines_link_only_the_addresses():
    evidence = [
        {"kind": "link", "url": "https://snv.example/a", "note": "[b](http://evil) ![i](http://evil/p.png)"},
        {"kind": "file", "url": None, "note": "tệp"},
    ]
    coverage = [{"title": "Tin *mới*", "url": "http://bao.example/x)[y](http://evil", "outlet": "Báo <HN>"}]
    rendered = [RENDER.render(line) for line in views.evidence_lines(evidence, coverage)]
    assert len(rendered) == 2
    assert all(r.count("<a ") == 1 and "<img" not in r for r in rendered)
    assert '<a href="https://snv.example/a">[b](http://evil) ![i](http://evil/p.png)</a>' in rendered[0]
    assert '<a href="http://bao.example/x%29%5By%5D%28http://evil">Tin *mới*</a> — Báo &lt;HN&gt;' in rendered[1]


def test_activity_facts_escape_the_text_of_the_activity(db, small_plan):
    from plans import activities

    act = {
        **activities.get_activity(db, small_plan["monthly"]),
        "output": "[click](http://evil)",
        "target_unit": "$x$",
    }
    units = {small_plan["units"]["BHNM"]: "Báo *Hà Nội* Mới"}
    rendered = RENDER.render(views.activity_facts(act, units, "vi"))
    assert "<a " not in rendered
    assert "Báo *Hà Nội* Mới" in rendered and "[click](http://evil)" in rendered and "$x$" in rendered
