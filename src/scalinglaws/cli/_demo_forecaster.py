"""The demo's forecaster section: the scaling law of our Transformer forecaster.

Reads the sweep shipped beside the forecaster's weights
(:func:`scalinglaws.forecasters.transformer_law.shipped_scaling`: every run,
L(N, D) fitted to them, the candidate sizes and the one chosen) and prints it in
a few lines: the law, the chosen size and its predicted loss, and the shipped
model's trained loss against the law. Nothing is trained or refitted (a JSON
file is read; torch is not imported), so the section takes well under a second;
the law goes to the bundle, so the report shows it with its figures and tables.
"""

from __future__ import annotations

from rich.text import Text

from scalinglaws.cli._demo_common import Line, Outcome, Plan, SummaryRow
from scalinglaws.forecasters.transformer_law import TITLE, shipped_scaling

__all__ = ["forecaster_section"]


def forecaster_section(plan: Plan, line: Line) -> Outcome:
    """Read the shipped sweep; print the law, the choice and the shipped model against it."""
    line.start()
    law = shipped_scaling()
    outcome = Outcome()
    outcome.entries.append(law.bundle_entry(command=plan.command))
    outcome.tables.append(Text("\n".join([f"{TITLE} ({law.path.name})", *law.lines()])))
    best = law.candidates.set_index("size").loc[law.chosen]
    outcome.summary.append(
        SummaryRow(
            f"forecaster: chosen size {law.chosen} (N={best['N']:,.0f})",
            f"predicted {best['predicted_loss']:.4f}",
            f"after {law.minutes:g} min, D={best['D']:,.0f}",
        )
    )
    if law.trained is not None:
        t = law.trained
        outcome.summary.append(
            SummaryRow(
                f"forecaster: shipped {t['size']} (N={t['N']:,.0f}, D={t['D']:,.0f})",
                f"law {t['predicted']:.4f}",
                f"trained {t['loss']:.4f} ({t['loss'] / t['predicted'] - 1.0:+.2%})",
            )
        )
    line.finish(f"{len(law.runs)} runs, chose {law.chosen}")
    return outcome
