"""foi-extract: social-care software facts from UK council FOI responses, as validated Parquet."""

__version__ = "0.1.0"
