"""The EPUB edition (placeholder)."""
def setup(app):
    pass
