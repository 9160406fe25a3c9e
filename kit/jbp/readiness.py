"""Checklists with status: the "6+1" key preparations and the "three aspects, six elements".

Kit interpretation (the course names both without spelling them out):

- **"6+1" key preparations (6+1 关键准备)**: one preparation per part of the JBP (six),
  plus one for the meeting itself: the sell-in meeting plan (attendees, agenda, the ask,
  expected objections and answers).
- **"Three aspects, six elements" (三个方面、六个要素)**, the conditions for a JBP to
  work, two elements per aspect: the brand (senior sponsorship and committed resources;
  data and analysis capability), the distributor (willingness and aligned strategy;
  capability: team, systems and data sharing), and the partnership (trust and shared
  information; a joint review routine with owners and dates).

A checklist's items carry a status (todo, doing, done, n/a) and a note; labels are
rendered in the kit language when read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kit import i18n

t = i18n.catalogue(
    "jbp.readiness",
    {
        "kind.preparation": {"zh": "“6+1”关键准备", "en": 'the "6+1" key preparations'},
        "kind.readiness": {"zh": "三个方面、六个要素", "en": "three aspects, six elements"},
        "prep.brand_review": {"zh": "准备品牌上期生意回顾：进货、纯销、达成、同比的数据和结论",
                              "en": "Prepare the brand's last-period review: sell-in, "
                                    "sell-out, achievement, YoY and what they mean"},
        "prep.brand_plan": {"zh": "准备品牌下期生意计划：目标、重点产品、新品和策略",
                            "en": "Prepare the brand's next-period plan: targets, focus "
                                  "products, launches and strategies"},
        "prep.execution_review": {"zh": "准备经销商上期执行回顾：活动计划与实际、费用、增量和 ROI",
                                  "en": "Prepare the distributor's execution review: "
                                        "activities planned vs done, cost, uplift and ROI"},
        "prep.financial_review": {"zh": "准备经销商上期财务回顾：损益、库存/应收/应付天数、ROI、渠道库存",
                                  "en": "Prepare the distributor's financial review: P&L, "
                                        "DIO/DSO/DPO, ROI and channel stock"},
        "prep.financial_targets": {"zh": "准备经销商下期财务目标：进货、出货、库存目标和预计损益",
                                   "en": "Prepare the distributor's next-period financial "
                                         "targets: sell-in, sell-out, stock and projected P&L"},
        "prep.cooperation": {"zh": "准备下期合作计划：活动、负责人、时间、费用、预期增量，及预算",
                             "en": "Prepare the cooperation plan: activities, owners, dates, "
                                   "cost, expected uplift, and the budget"},
        "prep.meeting": {"zh": "（+1）准备卖入会议：参会人、议程、我们的诉求、可能的异议和回答",
                         "en": "(+1) Prepare the sell-in meeting: attendees, agenda, our ask, "
                               "likely objections and answers"},
        "aspect.brand": {"zh": "品牌方", "en": "the brand"},
        "aspect.distributor": {"zh": "经销商", "en": "the distributor"},
        "aspect.partnership": {"zh": "双方合作", "en": "the partnership"},
        "elem.sponsorship": {"zh": "高层支持，资源承诺到位", "en": "senior sponsorship and "
                                                                "committed resources"},
        "elem.analytics": {"zh": "有数据、会分析（生意回顾与经销商损益）",
                           "en": "data and the skill to analyse it (business review and "
                                 "distributor P&L)"},
        "elem.willingness": {"zh": "经销商有意愿，战略方向一致",
                             "en": "a willing distributor with an aligned strategy"},
        "elem.capability": {"zh": "经销商有能力：团队、系统、数据共享",
                            "en": "a capable distributor: team, systems, data sharing"},
        "elem.trust": {"zh": "互相信任，信息透明", "en": "trust and shared information"},
        "elem.review_routine": {"zh": "有定期回顾机制：谁、何时、看什么",
                                "en": "a joint review routine: who, when, on what"},
        "status.todo": {"zh": "未开始", "en": "to do"},
        "status.doing": {"zh": "进行中", "en": "in progress"},
        "status.done": {"zh": "已完成", "en": "done"},
        "status.na": {"zh": "不适用", "en": "not applicable"},
        "open_item": {"zh": "还没完成：{label}（{status}）", "en": "Not done yet: {label} ({status})"},
    },
)

STATUSES = ("todo", "doing", "done", "na")
PREPARATION = ("brand_review", "brand_plan", "execution_review", "financial_review",
               "financial_targets", "cooperation", "meeting")
ASPECTS: dict[str, tuple[str, str]] = {
    "brand": ("sponsorship", "analytics"),
    "distributor": ("willingness", "capability"),
    "partnership": ("trust", "review_routine"),
}


@dataclass
class CheckItem:
    key: str
    status: str = "todo"  # one of STATUSES
    note: str = ""


@dataclass
class CheckList:
    """A checklist of ``kind`` "preparation" or "readiness"."""

    kind: str
    items: list[CheckItem] = field(default_factory=list)

    @property
    def title(self) -> str:
        return t(f"kind.{self.kind}")

    def label(self, item: CheckItem) -> str:
        return t(f"{'prep' if self.kind == 'preparation' else 'elem'}.{item.key}")

    def aspect(self, item: CheckItem) -> str | None:
        """The aspect an element belongs to (readiness lists only)."""
        found = [a for a, elems in ASPECTS.items() if item.key in elems]
        return t(f"aspect.{found[0]}") if found else None

    def progress(self) -> float:
        """Share of applicable items that are done (1.0 when none apply)."""
        live = [i for i in self.items if i.status != "na"]
        return sum(i.status == "done" for i in live) / len(live) if live else 1.0

    def open_items(self) -> list[str]:
        """A sentence per item not done yet (nor n/a), in the kit language."""
        return [t("open_item", label=self.label(i), status=status_label(i.status))
                for i in self.items if i.status not in ("done", "na")]

    def set(self, key: str, status: str, note: str | None = None) -> None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {status!r}")
        item = next(i for i in self.items if i.key == key)
        item.status = status
        if note is not None:
            item.note = note


def preparation() -> CheckList:
    """A fresh "6+1" preparation checklist (the six parts, then the meeting)."""
    return CheckList("preparation", [CheckItem(k) for k in PREPARATION])


def readiness() -> CheckList:
    """A fresh "three aspects, six elements" readiness checklist."""
    return CheckList("readiness", [CheckItem(e) for elems in ASPECTS.values() for e in elems])


def status_label(status: str) -> str:
    return t(f"status.{status}")


__all__ = ["ASPECTS", "PREPARATION", "STATUSES", "CheckItem", "CheckList", "preparation",
           "readiness", "status_label"]
