"""The importer's one error: every refusal reaches the user as a clear Norwegian message."""


class ImportRefused(Exception):
    """The file or text cannot become a plan; `message` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
