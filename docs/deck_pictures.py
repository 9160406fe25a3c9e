"""Render one slide of each deck the kit writes, from the real file, into docs/.

    .venv/bin/python docs/deck_pictures.py

Builds the JBP sell-in deck (customer version), the business goal plan deck and the
WCC-DAR report deck on the ABC case, keeps one slide of each and lets LibreOffice
(Debian's libreoffice-impress, not needed by the kit itself) render it as a PNG:
docs/deck_jbp.png, docs/deck_goals.png, docs/deck_review.png.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pptx import Presentation

from kit import export, goals, jbp, review, views
from kit.cases import load_case
from kit.overview import select_flow
from kit.report import draft_report

ROOT = Path(__file__).resolve().parents[1]
# deck -> the title of the slide shown
SHOWN = {"jbp": "您的收益：联合损益与 ROI", "goals": "一、目标设定", "review": "3. 原因"}


def documents() -> dict:
    case = load_case("abc", ("sales", "targets", "outlets", "distributor_ledger", "activities"))
    sales, ledger, outlets = case["sales"], case["distributor_ledger"], case["outlets"]
    w = jbp.windows(sales)
    activity_review = jbp.review_activities(case["activities"], sales)
    base = jbp.base_assumptions(ledger, "D05", w.review, 0.02, 18)
    plan = jbp.build_jbp(
        "D05", w.plan, sales=sales, review_window=w.review,
        next_target=jbp.next_target(sales, "D05", w.review, case["targets"], 0.02).value,
        plan=jbp.starter_plan(activity_review, "D05", w.review,
                              jbp.customer_margin(sales, "D05", w.review)),
        ledger=ledger, assumptions=base, projection=jbp.project(base),
        activity_review_table=activity_review, targets=case["targets"],
        customer_name="广州粤丰商贸", diagnosis_window=w.diagnosis)
    planned = select_flow(sales)
    monthly = review.monthly_series(planned)
    setting = goals.set_targets(goals.starting_point(sales, outlets), goals.Ambition(),
                                goals.Drivers())
    levels = goals.default_levels(planned.columns)
    cells, months = goals.split_plan(
        goals.SplitPlan(total=float(round(setting.top_down)), levels=levels,
                        year=monthly.index[-1].year + 1),
        goals.last_twelve_months(planned), goals.phasing_weights(monthly))
    goal_plan = goals.GoalPlan("ABC 案例", setting, goals.Checklist(), goals.Swot(), goals.Ogsm(),
                               cells, months, levels, monthly)
    window = review.Window("ytd", sales["period"].max())
    report = draft_report(sales, window, targets=case["targets"], outlets=outlets,
                          by=views.first_dimension(sales), subject="ABC 案例")
    return {"jbp": export.jbp_document(plan, "customer"),
            "goals": export.goal_plan_document(goal_plan),
            "review": export.report_document(report)}


def keep_only(path: Path, title: str) -> None:
    """Drop every slide of the deck but the one titled ``title``."""
    deck = Presentation(str(path))
    ids = deck.slides._sldIdLst
    for slide_id, slide in zip(list(ids), list(deck.slides), strict=True):
        if slide.shapes.title is None or slide.shapes.title.text != title:
            deck.part.drop_rel(slide_id.rId)
            ids.remove(slide_id)
    deck.save(str(path))


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("needs LibreOffice: apt-get install libreoffice-impress")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for name, doc in documents().items():
            deck = export.write(doc, folder / f"deck_{name}.pptx")
            keep_only(deck, SHOWN[name])
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo",
                            "--convert-to", "png", "--outdir", str(folder), str(deck)],
                           check=True, capture_output=True, timeout=180)
            shutil.copy(folder / f"deck_{name}.png", ROOT / "docs" / f"deck_{name}.png")
            print(ROOT / "docs" / f"deck_{name}.png")


if __name__ == "__main__":
    main()
