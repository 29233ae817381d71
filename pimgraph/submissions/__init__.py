"""Submissions: cities' action plans (MID) and networks' recommendations (PU), checked and merged.

``check_submission`` reads a file offline and reports what to fix, in Polish or English;
``add_submission`` stores a conforming one with PROV-O provenance; ``render_template`` writes
the CSV templates.
"""

from pimgraph.submissions.add import AddResult, NotConforming, add_submission, list_submissions
from pimgraph.submissions.check import check_all, check_submission
from pimgraph.submissions.report import Finding, Severity, SubmissionReport, render
from pimgraph.submissions.templates import KINDS, render_template

__all__ = [
    "KINDS",
    "AddResult",
    "NotConforming",
    "Finding",
    "Severity",
    "SubmissionReport",
    "add_submission",
    "check_all",
    "check_submission",
    "list_submissions",
    "render",
    "render_template",
]
