"""The social-innovation grid of a project: each active criterion scored 0 to 3, with a comment."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin

SCORE_CHOICES = [
    ("", _("non noté")),
    ("0", _("0 — absent")),
    ("1", _("1 — faible")),
    ("2", _("2 — moyen")),
    ("3", _("3 — fort")),
]
SCORE_KEPT = _("Une note donnée ne s’efface pas : choisissez une note de 0 à 3.")
SCORE_INVALID = _("Choisissez une note de 0 à 3.")


@dataclass
class GridRow:
    criterion: object
    score: object  # the bound field
    comment: object


class CriteriaForm(StyledFormMixin, forms.Form):
    """One score and one comment per criterion of the grid; `changes()` gives the criteria to save."""

    def __init__(self, *args, grid, **kwargs):
        """`grid`: selectors.projects.project_criterion_scores, (criterion, its score or None) pairs."""
        self.grid = list(grid)
        initial = kwargs.setdefault("initial", {})
        for criterion, score in self.grid:
            if score is not None:
                initial.setdefault(f"score_{criterion.pk}", str(score.score))
                initial.setdefault(f"comment_{criterion.pk}", score.comment)
        super().__init__(*args, **kwargs)
        for criterion, score in self.grid:
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                required=score is not None,
                error_messages={"required": SCORE_KEPT, "invalid_choice": SCORE_INVALID},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire sur « %(criterion)s »") % {"criterion": criterion.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # StyledFormMixin styled the fields of the class only: these are added here.
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def rows(self):
        return [
            GridRow(criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion, _score in self.grid
        ]

    def changes(self):
        """(criterion, score, comment) for each criterion scored here whose score or comment changed."""
        changed = []
        for criterion, stored in self.grid:
            value = self.cleaned_data.get(f"score_{criterion.pk}")
            if value in (None, ""):
                continue
            score, comment = int(value), (self.cleaned_data.get(f"comment_{criterion.pk}") or "").strip()
            if stored is None or stored.score != score or stored.comment != comment:
                changed.append((criterion, score, comment))
        return changed
