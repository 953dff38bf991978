"""四水四定 county reporting desktop app."""

__version__ = "0.1.0"
