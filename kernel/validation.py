"""Bounds on what people may type, shared by models, forms and services: lengths, dates, links, names."""

import re
import unicodedata
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.deconstruct import deconstructible

# Free text: a short note (a reason, a decision), a page of prose (a description, minutes' summary), and
# the longest documents (the charter, a motion, a meeting-bot log). Well above anything real; low enough
# that no page renders megabytes.
NOTE_MAX = 5_000
PROSE_MAX = 50_000
DOCUMENT_MAX = 200_000

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def max_length(limit: int) -> MaxLengthValidator:
    return MaxLengthValidator(limit)


def validate_year_in_range(value: date | datetime) -> None:
    """Dates and times a person enters lie between 2000 and 2100: no year 9999 to overflow a time zone."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            f"Enter a date between the years {EARLIEST_YEAR} and {LATEST_YEAR}.", code="year_out_of_range"
        )


validate_http_url = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// address.")


@deconstructible
class HttpLinksValidator:
    """One http(s) address a line (blank lines allowed), as teams and roadmap items store their links."""

    message = "Line {line}: enter an http:// or https:// address."

    def __call__(self, value: str) -> None:
        for number, line in enumerate((value or "").splitlines(), start=1):
            if line.strip():
                try:
                    validate_http_url(line.strip())
                except ValidationError:
                    raise ValidationError(self.message.format(line=number), code="invalid_link") from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HttpLinksValidator)


validate_http_links = HttpLinksValidator()


def http_links(value: str) -> list[str]:
    """The lines of a links field that are http(s) addresses; anything else stored earlier is not linked."""
    return [line.strip() for line in (value or "").splitlines() if re.match(r"^https?://", line.strip(), re.I)]


# Words that name a role or an authority of the portal: nobody may take them as the name others see.
RESERVED_NAME_WORDS = {
    "admin", "administrator", "board", "chair", "chairman", "chairperson", "chairwoman", "lcoo", "moderator",
    "official", "portal", "root", "secretariat", "secretary", "staff", "superuser", "support", "system",
    "treasurer", "vicechair",
}  # fmt: skip


def _folded(text: str) -> str:
    # NFKD and dropping marks turns look-alikes such as "Ｓｅｃｒｅｔａｒｉａｔ" or "Chaír" into plain letters.
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def validate_display_name(value: str) -> None:
    """A display name may not pose as a role of the portal ("Secretariat", "Chair", "Admin")."""
    folded = _folded(value or "")
    words = set(re.findall(r"[^\W\d_]+", folded))
    squashed = re.sub(r"[\W\d_]+", "", folded)
    if words & RESERVED_NAME_WORDS or squashed in RESERVED_NAME_WORDS:
        raise ValidationError(
            "This name would look like a role of the portal (Secretariat, Chair, Admin…); use your own name.",
            code="reserved_name",
        )


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A spreadsheet does not run a cell as a formula: text starting with = + - @ gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def check_length(text: str, *, limit: int, what: str) -> None:
    """The services' own length check, for text that reaches them without a model's full_clean()."""
    if len(text or "") > limit:
        raise ValidationError(f"{what} is {len(text):,} characters long; the limit is {limit:,}.", code="too_long")
