"""Named projects: every project a document names (…项目, …工程, …产业园, …基地), with the
stage its sentence puts it in, its organizations, money, region and date.

The stage reads a document's mentions from its `AnnotatedDocument` and the events already
found in it; it finds no mention itself. Its words are in data/project_stages.tsv and
data/project_words.tsv (`rules.py`); names are read in `names.py`.
"""
from __future__ import annotations

from ..records import AnnotatedDocument, Event, ProjectMention
from .find import find_projects

__all__ = ["extract_projects"]


def extract_projects(annotated: AnnotatedDocument, events: list[Event] | None = None) -> list[ProjectMention]:
    """The named projects a document tells, in text order.

    Args:
        annotated: the document with its mentions (``annotate(doc)``); ``doc.text`` is the
            normalized body (half-width commas, as `projectradar.text.normalize` gives).
        events: the events found in it (a project listed in a signing belongs to it and
            takes its date and region when its own sentence gives none).

    Example:
        >>> from projectradar.mentions.annotate import annotate
        >>> from projectradar.records import Document
        >>> doc = Document(id="a", source="a.txt", year=2025, text="5月8日,青川县星禾光电显示模组项目正式开工,总投资12亿元。")
        >>> [(p.name, p.stage, p.investment_yuan) for p in extract_projects(annotate(doc))]
        [('星禾光电显示模组项目', 'groundbreaking', 1200000000)]
    """
    if not annotated.text:
        return []
    return find_projects(annotated, events or [])
