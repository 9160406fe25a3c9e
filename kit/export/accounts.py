"""The key-account plan (大客户关系计划) of one account as a Document, in two versions.

Parts: the customer portrait and the decision process, the key-person table, the
relationship map, the health score (weights and bands stated), the risk alerts with
their rule book, and the care plan (return visits, value-added services, the
satisfaction index). What is our own reading of the customer's people — attitudes,
influence, relationship stages, pains, notes, the map coloured by attitude, the
health score, the alerts — is marked ``internal``, so the customer version
(:func:`kit.export.document.customer_version`) holds the portrait's facts, who meets
whom, the visit plan and the services, and none of it.

Files go through the shared writers (xlsx, self-contained HTML, PDF, the pptx deck) and
never overwrite an earlier export unless asked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kit import account_views as av
from kit import i18n, workspace
from kit.accounts.care import SatisfactionSurvey, service_names
from kit.accounts.portrait import Portrait
from kit.export.document import (
    CUSTOMER,
    INTERNAL,
    Chart,
    Document,
    Section,
    Table,
    Text,
    customer_version,
)
from kit.export.formats import Written, write_all

t = i18n.catalogue(
    "export_accounts",
    {
        "title": {"zh": "大客户关系计划", "en": "Key-account relationship plan"},
        "file": {"zh": "大客户关系计划", "en": "key-account plan"},
        "version.internal": {"zh": "内部版", "en": "internal"},
        "version.customer": {"zh": "客户版", "en": "customer"},
        "banner.internal": {"zh": "内部版：含我们对客户人员的态度、影响力、关系阶段和备注，以及健康度和风险预警，不得发给客户。",
                            "en": "Internal version: holds our reading of the customer's people "
                                  "(attitudes, influence, stages, notes), the health score and the "
                                  "alerts. Never send it to the customer."},
        "banner.customer": {"zh": "客户版：可以与客户分享（服务团队与回访计划）。",
                            "en": "Customer version: may be shared (the service team and the "
                                  "visit plan)."},
        "meta": {"zh": "截至 {as_of}", "en": "as of {as_of}"},
        "section.portrait": {"zh": "客户画像", "en": "Customer portrait"},
        "section.decision": {"zh": "决策流程", "en": "Decision process"},
        "section.people": {"zh": "关键人物表", "en": "Key persons"},
        "section.map": {"zh": "关系图", "en": "Relationship map"},
        "section.health": {"zh": "客户健康度", "en": "Account health"},
        "section.alerts": {"zh": "风险预警", "en": "Risk alerts"},
        "section.care": {"zh": "关系维护计划", "en": "Relationship care plan"},
        "alerts.fired": {"zh": "已触发的预警", "en": "Alerts that fired"},
        "alerts.none": {"zh": "没有触发的预警。", "en": "No alert fired."},
        "alerts.rules": {"zh": "预警规则（指标 + 阈值 + 应对）", "en": "The rule book (indicator + threshold + response)"},
        "health.parts": {"zh": "各部分怎么计分", "en": "How each part is scored"},
        "care.visits": {"zh": "回访计划", "en": "Visit plan"},
        "care.services": {"zh": "增值服务", "en": "Value-added services"},
    },
)


@dataclass
class AccountPlan:
    """Everything the plan of one account shows; ``None`` parts are left out."""

    customer_id: str
    as_of: Any
    portrait: Portrait | None = None
    contacts: pd.DataFrame | None = None  # the account's key persons (canonical)
    health: pd.DataFrame | None = None  # kit.accounts.health_score rows (this account)
    weights: dict | None = None
    alerts: pd.DataFrame | None = None  # kit.accounts.risk_alerts rows (this account)
    rules: pd.DataFrame | None = None  # kit.accounts.rule_book
    care: pd.DataFrame | None = None  # kit.accounts.care_plan rows (this account)
    services: tuple[str, ...] = ()  # keys of kit.accounts.care.SERVICES offered
    survey: SatisfactionSurvey | None = None
    map_figure: Any = None


def _table(frame: pd.DataFrame, **options) -> Table:
    return Table.from_frame(frame, frame.attrs.get("kinds"),
                            internal_columns=frame.attrs.get("internal", ()), **options)


def account_plan_document(plan: AccountPlan, version: str = INTERNAL) -> Document:
    """The plan as a Document; ``version="customer"`` drops every internal part."""
    name = plan.portrait.name if plan.portrait is not None else ""
    subject = f"{plan.customer_id} {name}".strip()
    sections = []
    if plan.portrait is not None:
        sections.append(Section("portrait", t("section.portrait"),
                                [_table(av.portrait_rows(plan.portrait))], internal=True))
        decision = av.decision_table(plan.portrait)
        if len(decision):
            sections.append(Section("decision", t("section.decision"), [_table(decision)],
                                    internal=True))
    if plan.contacts is not None:
        sections.append(Section("people", t("section.people"),
                                [_table(av.people_table(plan.contacts), freeze=2)]))
    if plan.map_figure is not None:
        sections.append(Section("map", t("section.map"),
                                [Chart(t("section.map"), plan.map_figure)], internal=True))
    if plan.health is not None:
        sections.append(Section("health", t("section.health"), [
            _table(av.health_table(plan.health)),
            Text(av.weights_caption(plan.weights), "note"),
            _table(av.part_rules(), title=t("health.parts"))], internal=True))
    if plan.alerts is not None:
        blocks = ([_table(av.alerts_table(plan.alerts), title=t("alerts.fired"))] if len(plan.alerts)
                  else [Text(t("alerts.none"), "note")])
        if plan.rules is not None:
            blocks.append(_table(av.rules_table(plan.rules), title=t("alerts.rules")))
        sections.append(Section("alerts", t("section.alerts"), blocks, internal=True))
    care_blocks = []
    if plan.care is not None:
        care_blocks.append(_table(av.care_table(plan.care), title=t("care.visits")))
    if plan.services:
        names = service_names()
        care_blocks.append(Text([names[k] for k in plan.services], "bullets",
                                heading=t("care.services")))
    if plan.survey is not None:
        care_blocks.append(_survey(plan.survey))
    if care_blocks:
        sections.append(Section("care", t("section.care"), care_blocks))
    doc = Document("account_plan", t("title"), subject,
                   meta=t("meta", as_of=str(pd.Timestamp(plan.as_of).date())),
                   sections=sections, version=INTERNAL, banner=t("banner.internal"))
    if version == CUSTOMER:
        return customer_version(doc, banner=t("banner.customer"))
    return doc


def _survey(survey: SatisfactionSurvey) -> Table:
    return _table(av.survey_table(survey), title=av.survey_text(survey))


def file_stem(plan: AccountPlan, version: str) -> str:
    """大客户关系计划_D04_内部版 (a safe file name in the kit language)."""
    return workspace.safe_name("_".join([t("file"), plan.customer_id,
                                         t(f"version.{version}")]).replace(" ", "_"))


@dataclass(frozen=True)
class AccountPlanFiles:
    """What :func:`export_account_plan` wrote, by version and format."""

    internal: Written
    customer: Written

    def all(self) -> list[Path]:
        return self.internal.all() + self.customer.all()

    @property
    def notes(self) -> list[str]:
        return list(dict.fromkeys(self.internal.notes + self.customer.notes))


def export_account_plan(plan: AccountPlan, folder: str | os.PathLike[str], *,
                        overwrite: bool = False, formats: tuple[str, ...] | None = None,
                        template: str | os.PathLike[str] | None = None) -> AccountPlanFiles:
    """Both versions in every format (default :func:`kit.export.formats.chosen_formats`;
    ``template``: the company's own .pptx) into ``folder``, never overwriting unless asked."""
    written = {version: write_all(account_plan_document(plan, version), folder,
                                  file_stem(plan, version), formats, overwrite=overwrite,
                                  template=template)
               for version in (INTERNAL, CUSTOMER)}
    return AccountPlanFiles(**written)


__all__ = ["AccountPlan", "AccountPlanFiles", "account_plan_document", "export_account_plan",
           "file_stem"]
