extensions = ["myst_parser", "source_checks"]
myst_enable_extensions = ["colon_fence"]
