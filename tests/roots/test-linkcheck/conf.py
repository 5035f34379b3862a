"""A page with each kind of link that linkcheck meets (tests/test_formats.py)."""

project = "linkcheck"
extensions: list[str] = []
