"""Numbers typed the French way in forms: « 12 500,50 » (spaces between thousands, a comma for the decimals)."""

from django import forms


class FrenchDecimalField(forms.DecimalField):
    """A decimal typed the French way: any space (ordinary, non-breaking, narrow) between thousands, a comma or
    a point for the decimals."""

    def __init__(self, *args, **kwargs):
        kwargs["localize"] = True
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "").replace(",", ".")
        return super().to_python(value)
