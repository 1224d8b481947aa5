"""The 项目库's records in the OpenAPI schema: a project, its timeline, a page of projects and
the delivery figures (what /api/projects and /api/delivery answer). Fields beyond these may
be present; clients should ignore what they do not know."""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Evidence", "RegionRef", "TimelineEntry", "Project", "ProjectTelling", "ProjectDetail", "ProjectPage",
           "Delivery"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Evidence(_Open):
    text: str = Field(description="the sentence that told it")
    start: int = Field(description="offset of the sentence in its document's text")
    end: int


class RegionRef(_Open):
    name: str
    adcode: str = Field(description="GB/T 2260 code")
    level: Optional[str] = None
    path: list[str] = []


class TimelineEntry(_Open):
    stage: str = Field(description="key_projects | signing | groundbreaking | under_construction | completion | production")
    date: Optional[str] = Field(None, description="ISO date (or month / year) the stage was first told for")
    source: Optional[str] = Field(None, description="the file or URL that told it")
    document_id: Optional[str] = None
    event_id: Optional[str] = Field(None, description="the event it was told in (a signing that listed it)")
    evidence: Optional[Evidence] = None
    tellings: int = Field(1, description="how many articles told this stage")


class Project(_Open):
    id: str
    name: str = Field(description="the name as told most often, e.g. 鲁新高端铝合金精深加工项目")
    phase: Optional[str] = Field(None, description="一期, 二期 ...: phases are separate projects")
    region: Optional[RegionRef] = None
    organizations: list[str] = Field([], description="investing or owning organizations")
    investment_yuan: Optional[int] = Field(None, description="total investment, yuan (the latest told)")
    annual_investment_yuan: Optional[int] = None
    capacity: Optional[str] = None
    sectors: list[str] = []
    stage: str = Field(description="the latest stage reached")
    signed_on: Optional[str] = None
    started_on: Optional[str] = None
    completed_on: Optional[str] = None
    mentions: int = Field(description="how many sentences told it")
    timeline: list[TimelineEntry] = Field(description="one entry a stage, oldest first")


class ProjectTelling(_Open):
    id: str
    name: str
    stage: str
    date: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    source_name: Optional[str] = None
    title: Optional[str] = None
    document_id: str
    event_id: Optional[str] = None
    evidence: Optional[Evidence] = None
    highlight: Optional[list[int]] = Field(None, description="[start, end) of the name inside the evidence text")


class ProjectDetail(Project):
    mentions_told: list[ProjectTelling] = Field(description="every telling, oldest first")


class ProjectPage(BaseModel):
    total: int
    limit: int
    offset: int
    filters: dict[str, str]
    projects: list[Project]


class _Step(BaseModel):
    projects: int
    investment_yuan: int


class _Funnel(BaseModel):
    signed: _Step
    started: _Step
    completed: _Step


class _Stalled(_Open):
    id: str
    name: str
    region: Optional[dict] = None
    signed_on: str
    investment_yuan: Optional[int] = None
    days_since_signing: Optional[int] = None


class _Ceremonies(BaseModel):
    events: int = Field(description="signing ceremonies (events) in the region and period")
    projects: int = Field(description="projects those ceremonies counted")
    investment_yuan: int


class Delivery(_Open):
    adcode: str
    since: Optional[str] = None
    until: Optional[str] = None
    funnel: _Funnel = Field(description="named projects signed in the period → started → completed")
    started_share: dict[str, Optional[float]] = Field(description="within_6_months, within_12_months")
    median_days_to_start: Optional[float] = None
    stalled: list[_Stalled] = Field(description="signed more than 12 months before the period's end, no start")
    ceremonies: _Ceremonies = Field(description="what signing ceremonies counted: shown apart, never added")
    named: _Step
