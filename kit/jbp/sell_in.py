"""Selling the JBP in (卖入的实施): the meeting plan and the role-play cards for the pair
exercise.

The meeting plan is what the trainee prepares before a high-level JBP meeting with the
distributor: the agenda, each proposal with what the customer gains from it and the
objections expected (with an answer to each), the ask (what the distributor is asked
to commit to) and who attends on both sides. :func:`starter_meeting` drafts one from
the JBP (the kit's order: the customer's own business first, then the plan, then the
cooperation, then the ask); :func:`role_play` turns the JBP and the plan into the
cards of a pair exercise (one trainee sells, one plays the distributor, a third
observes). The buyer's card is built from the customer version of the JBP only, so it
holds nothing internal. The check is in :mod:`kit.questions.jbp`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kit import fmt, i18n
from kit.jbp.document import Jbp, customer_version, part_title
from kit.jbp.parts import indicator_label

t = i18n.catalogue(
    "jbp.sell_in",
    {
        "agenda.review": {"zh": "回顾你上一期的生意：{part}", "en": "Your last period: {part}"},
        "agenda.finance": {"zh": "你的利润和资金：{part}", "en": "Your profit and cash: {part}"},
        "agenda.plan": {"zh": "下一期一起做到多少：{part}", "en": "What we reach together: {part}"},
        "agenda.cooperation": {"zh": "怎么做到：{part}", "en": "How we get there: {part}"},
        "agenda.ask": {"zh": "达成一致：我们的请求和下一步", "en": "Agreement: our ask and next steps"},
        "days": {"zh": "{n} 天", "en": "{n} days"},
        "side.brand": {"zh": "我方", "en": "our side"},
        "side.customer": {"zh": "客户方", "en": "customer"},
        "card.seller": {"zh": "卖方（你）", "en": "Seller (you)"},
        "card.buyer": {"zh": "买方（经销商，由搭档扮演）", "en": "Buyer (the distributor, played by your partner)"},
        "card.observer": {"zh": "观察员", "en": "Observer"},
        "seller.goal": {"zh": "目标：让经销商同意“{ask}”。", "en": "Goal: the distributor agrees to “{ask}”."},
        "seller.agenda": {"zh": "议程：{items}", "en": "Agenda: {items}"},
        "seller.proposal": {"zh": "提议：{text}（对客户的好处：{benefit}）",
                            "en": "Proposal: {text} (the customer gains: {benefit})"},
        "seller.time": {"zh": "时间：15 分钟会谈，5 分钟反馈；然后交换角色。",
                        "en": "Time: 15 minutes of meeting, 5 of feedback; then swap roles."},
        "buyer.numbers": {"zh": "你知道的自己的数字：{numbers}", "en": "Your own numbers: {numbers}"},
        "buyer.raise": {"zh": "至少提出这些异议：{objection}", "en": "Raise at least this objection: {objection}"},
        "buyer.data": {"zh": "数据里能看出的一个顾虑：{concern}", "en": "A concern the data show: {concern}"},
        "buyer.rule": {"zh": "只有听到对你自己生意的好处，才答应；问清楚谁负责、什么时候。",
                       "en": "Agree only when you hear what is in it for your own business; ask "
                             "who does what and by when."},
        "concern.target": {"zh": "目标比上期增长 {growth}，凭什么？",
                           "en": "The target is {growth} above last period: why would it be reachable?"},
        "concern.stock": {"zh": "我的库存已经偏高了（进/出比 {ratio}），还要我进货？",
                          "en": "My stock is already high (sell-in/sell-out {ratio}); why buy more?"},
        "concern.margin": {"zh": "我的净利率只有 {margin}，多卖对我有什么好处？",
                           "en": "My net margin is only {margin}; what do I get from selling more?"},
        "observer.1": {"zh": "卖方是否先讲了经销商自己的生意，再讲品牌的诉求？",
                       "en": "Did the seller start with the distributor's own business, before the brand's ask?"},
        "observer.2": {"zh": "每个提议都说清楚了对客户的好处吗？", "en": "Did each proposal say what the customer gains?"},
        "observer.3": {"zh": "异议是用数据回答的吗？", "en": "Were the objections answered with data?"},
        "observer.4": {"zh": "结束时有没有明确的请求、负责人和日期？",
                       "en": "Did it end with a clear ask, an owner and a date?"},
    },
)

SIDES = ("brand", "customer")


@dataclass
class Objection:
    objection: str = ""
    answer: str = ""


@dataclass
class Proposal:
    """One thing put to the distributor: what, what the customer gains, and the objections
    expected with their answers."""

    text: str = ""
    benefit: str = ""
    objections: list[Objection] = field(default_factory=list)


@dataclass
class Attendee:
    name: str = ""
    side: str = "brand"  # one of SIDES
    role: str = ""


@dataclass
class SellInMeeting:
    """The plan of the high-level JBP meeting (卖入会)."""

    customer: str = ""
    date: date | None = None
    agenda: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    ask: str = ""
    attendees: list[Attendee] = field(default_factory=list)


@dataclass(frozen=True)
class RolePlay:
    """The three cards of the pair exercise, one line a list item."""

    seller: list[str]
    buyer: list[str]
    observer: list[str]


def side_label(side: str) -> str:
    return t(f"side.{side}") if side in SIDES else side


def starter_meeting(jbp: Jbp) -> SellInMeeting:
    """A first meeting plan to edit: an agenda over the parts the JBP has (the
    distributor's own business first), one proposal per cooperation-plan line (the
    benefit and the objections are the trainee's) and an empty ask and attendee list."""
    agenda = [t("agenda.review", part=part_title("brand_review"))]
    if jbp.financial_review.indicators:  # a ledger behind it: the distributor's own P&L
        agenda.append(t("agenda.finance", part=part_title("financial_review")))
    agenda += [t("agenda.plan", part=part_title("brand_plan")),
               t("agenda.cooperation", part=part_title("cooperation")), t("agenda.ask")]
    proposals = [Proposal(a.activity) for a in jbp.plan.activities if a.activity.strip()]
    return SellInMeeting(customer=jbp.customer_id, agenda=agenda, proposals=proposals)


def concerns(jbp: Jbp) -> list[str]:
    """What a distributor reading the customer version would push back on (the kit's
    rules): a target well above last period (over 10 %), stock already high (the
    sell-in/sell-out ratio above 1.3), a thin net margin (below 2.5 %)."""
    shared = customer_version(jbp)
    found = []
    growth = shared.brand_plan.indicators.get("growth")
    if growth is not None and not fmt.is_missing(growth) and growth > 0.10:
        found.append(t("concern.target", growth=fmt.percent(growth)))
    ratio = shared.financial_review.indicators.get("stock_ratio")
    if ratio is not None and not fmt.is_missing(ratio) and ratio > 1.3:
        found.append(t("concern.stock", ratio=fmt.ratio(ratio)))
    margin = shared.financial_review.indicators.get("net_margin_pct")
    if margin is not None and not fmt.is_missing(margin) and margin < 0.025:
        found.append(t("concern.margin", margin=fmt.percent(margin)))
    return found


BUYER_NUMBERS = ("net_margin_pct", "cash_cycle", "roi", "stock_ratio")


def role_play(jbp: Jbp, meeting: SellInMeeting) -> RolePlay:
    """The seller's, the buyer's and the observer's cards for the pair exercise. The buyer
    knows only what the customer version shows: its own financial review."""
    sep = i18n.text("labels", "word.list_sep")
    seller = [t("seller.goal", ask=meeting.ask or "…"),
              t("seller.agenda", items=sep.join(a for a in meeting.agenda if a.strip()))]
    seller += [t("seller.proposal", text=p.text, benefit=p.benefit or "…")
               for p in meeting.proposals if p.text.strip()]
    seller.append(t("seller.time"))
    shared = customer_version(jbp).financial_review.indicators
    numbers = [f"{indicator_label(k)} {_shown(k, shared[k])}" for k in BUYER_NUMBERS
               if k in shared and not fmt.is_missing(shared[k])]
    buyer = [t("buyer.numbers", numbers=sep.join(numbers))] if numbers else []
    buyer += [t("buyer.raise", objection=o.objection) for p in meeting.proposals
              for o in p.objections[:1] if o.objection.strip()]
    buyer += [t("buyer.data", concern=c) for c in concerns(jbp)]
    buyer.append(t("buyer.rule"))
    observer = [t(f"observer.{n}") for n in range(1, 5)]
    return RolePlay(seller, buyer, observer)


def _shown(key: str, value: float) -> str:
    if key.endswith("_pct") or key == "roi":
        return fmt.percent(value)
    if key == "cash_cycle":
        return t("days", n=fmt.number(value, 1))
    return fmt.ratio(value)


__all__ = ["BUYER_NUMBERS", "SIDES", "Attendee", "Objection", "Proposal", "RolePlay",
           "SellInMeeting", "concerns", "role_play", "side_label", "starter_meeting"]
