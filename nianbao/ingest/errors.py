"""The one error type ingest raises for a file it cannot read."""


class IngestError(Exception):
    """A file that cannot be read as a report; its message is one line for the user."""
