"""Start-here exercises: what the trainee's own file holds."""

from __future__ import annotations

from kit import exercises
from kit.data import LoadReport

TITLES = {
    "start.months": {"zh": "数据月份数", "en": "Months of data"},
    "start.rejected": {"zh": "被拒绝的行数", "en": "Rejected rows"},
}


def questions(report: LoadReport, coverage: dict) -> list[exercises.Question]:
    """From the load report and kit.overview.coverage of the loaded table."""
    return [
        exercises.Question(
            id="start.months",
            prompt={"zh": "练习 1：你的数据一共覆盖了多少个月份？（看“数据覆盖了什么”一节）",
                    "en": "Exercise 1: how many months does your data cover? "
                          "(see “What the data covers”)"},
            check=exercises.expect_number(coverage["months"], rel_tol=0, abs_tol=0.5)),
        exercises.Question(
            id="start.rejected",
            prompt={"zh": "练习 2：载入时有多少行数据被拒绝了？（看载入报告；没有就填 0）",
                    "en": "Exercise 2: how many data rows were rejected? (see the load report; "
                          "0 if none)"},
            check=exercises.expect_number(len(report.rejected_rows), rel_tol=0, abs_tol=0.5)),
    ]
