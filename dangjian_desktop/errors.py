"""Errors that carry a message meant for the user (Chinese, says what to do)."""


class UserError(Exception):
    """A failure the user can act on. ``str(err)`` is the Chinese message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseInUse(UserError):
    """Another program instance holds the database."""


class DatabaseRefused(UserError):
    """The file is damaged, foreign, or from a newer program version."""


class ValidationError(UserError):
    """Input did not pass the domain rules; ``problems`` maps field -> message."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__("；".join(self.problems.values()))


class Cancelled(UserError):
    """The user stopped long work (取消 in its progress window); whatever it wrote is rolled back."""

    def __init__(self, message: str = "已经取消，数据没有任何改动。"):
        super().__init__(message)
