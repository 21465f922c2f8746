"""The directory as CSV, both ways: the export of the member companies with the people in their roles,
and the Secretariat's import of the same columns, which a coalition adopting the portal brings from its
spreadsheet.

The file is read with django-import-export's CSV format (tablib underneath: encodings, a byte-order mark,
quoting). A row names a company and, optionally, one person with their role there. Each row goes
through the services the pages use — `company_create`, `company_update_profile`, `person_invite` (a
person given a role gets the usual invitation mail and sets their own password),
`company_invitation_create` (a colleague without a role is invited and accepts) — so history, events
and mail follow as they do from the pages. The whole file is one transaction: a preview runs it and
rolls back; saving runs it again and keeps it only when no row that is not excluded was refused.

Decided where the issue is silent:
- An empty cell leaves the stored value as it is (a file of names and addresses clears no website).
- A membership status is never set by an import: the charter admits and revokes through the board. A
  new company starts as a prospect; a status column that differs from a company's status refuses the
  row and says how that status is reached.
- A company is matched by name, case-insensitively; a person by e-mail address.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from import_export.formats.base_formats import CSV

from members.models import Affiliation, Company, CompanyInvitation, RoleAssignment, User
from members.permissions import is_secretariat
from members.services import company_create, company_invitation_create, company_update_profile, person_invite

COLUMNS = ["company", "status", "website", "hq_country", "hq_time_zone", "operator_kind", "person", "email", "role"]
PROFILE_COLUMNS = ["website", "hq_country", "hq_time_zone", "operator_kind"]
ROLES = [RoleAssignment.Role.COORDINATOR, RoleAssignment.Role.BOARD_REPRESENTATIVE, RoleAssignment.Role.BOARD_ALTERNATE]
MAX_ROWS = 2000
MAX_BYTES = 1_000_000
FORMULA_QUOTE = ("'=", "'+", "'-", "'@")  # how our exports neutralise a formula (kernel's csv_cell)


@dataclass
class RowOutcome:
    """What importing one row does (or would do), or why it is refused."""

    line: int  # the line of the file, the header being line 1
    company: str
    person: str
    actions: list[str] = field(default_factory=list)
    refusal: str = ""
    excluded: bool = False

    @property
    def state(self) -> str:
        if self.excluded:
            return "excluded"
        if self.refusal:
            return "refused"
        return "changes" if self.actions else "unchanged"


def directory_rows_read(data: bytes) -> list[dict[str, str]]:
    """The rows of an uploaded file, keyed by column; a file that cannot be read is refused whole."""
    if len(data) > MAX_BYTES:
        raise ValidationError(f"The file is larger than {MAX_BYTES // 1000:,} kB: split it.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError("The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”.") from error
    try:
        dataset = CSV().create_dataset(text)
    except Exception as error:  # tablib's CSV reader raises several kinds on a malformed file
        raise ValidationError(f"The file is not a CSV file: {error}") from error
    headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
    if "company" not in headers:
        raise ValidationError(f"The first line must name the columns, with at least “company”: {', '.join(COLUMNS)}.")
    unknown = [h for h in headers if h and h not in COLUMNS]
    if unknown:
        raise ValidationError(f"Unknown columns: {', '.join(unknown)}. The columns are: {', '.join(COLUMNS)}.")
    if len(dataset) > MAX_ROWS:
        raise ValidationError(f"The file has {len(dataset):,} rows; at most {MAX_ROWS:,} are imported at once.")
    rows = []
    for values in dataset:
        row = dict.fromkeys(COLUMNS, "")
        row.update({h: _cell(v) for h, v in zip(headers, values, strict=False) if h})
        rows.append(row)
    if not rows:
        raise ValidationError("The file has no rows below its header.")
    return rows


def _cell(value: object) -> str:
    text = str(value if value is not None else "").strip()
    # our own exports put a quote before a formula; reading them back takes it off
    return text[1:] if text.startswith(FORMULA_QUOTE) else text


class _Undo(Exception):
    def __init__(self, outcomes: list[RowOutcome]) -> None:
        self.outcomes = outcomes


def directory_import(
    *, rows: list[dict[str, str]], by: User, exclude: Iterable[int] = (), dry_run: bool
) -> tuple[list[RowOutcome], bool]:
    """Import the rows (lines in `exclude` left out) as `by`, the Secretariat.

    Returns the outcome of every row and whether anything was saved: nothing is when `dry_run`, or
    when a row that is not excluded is refused.
    """
    if not is_secretariat(by):
        raise PermissionDenied("Only the Secretariat imports the directory.")
    excluded = set(exclude)
    try:
        with transaction.atomic():
            outcomes = [_import_row(line, row, by, excluded) for line, row in enumerate(rows, start=2)]
            if dry_run or any(o.state == "refused" for o in outcomes):
                raise _Undo(outcomes)
    except _Undo as undo:
        return undo.outcomes, False
    return outcomes, True


def _import_row(line: int, row: dict[str, str], by: User, excluded: set[int]) -> RowOutcome:
    outcome = RowOutcome(line=line, company=row["company"], person=row["person"] or row["email"])
    if line in excluded:
        outcome.excluded = True
        return outcome
    try:
        with transaction.atomic():  # a refused row leaves nothing behind, even in a preview
            company = _company(row, by, outcome)
            if row["email"] or row["person"] or row["role"]:
                _person(company, row, by, outcome)
    except (ValidationError, PermissionDenied) as error:
        outcome.refusal = " ".join(getattr(error, "messages", None) or [str(error)])
        outcome.actions = []
    return outcome


def _choice(value: str, choices: type, what: str) -> str:
    """A choice by its value or its label, in any case."""
    for choice_value, label in choices.choices:
        if value.lower() in (str(choice_value).lower(), str(label).lower()):
            return choice_value
    raise ValidationError(f"“{value}” is not a {what}: use one of {', '.join(str(v) for v in choices.values)}.")


def _company(row: dict[str, str], by: User, outcome: RowOutcome) -> Company:
    name = row["company"]
    if not name:
        raise ValidationError("The company column is empty.")
    values = {column: row[column] for column in PROFILE_COLUMNS if row[column]}
    if "operator_kind" in values:
        values["operator_kind"] = _choice(values["operator_kind"], Company.OperatorKind, "kind of operator")
    status = _choice(row["status"], Company.Status, "membership status") if row["status"] else ""
    company = Company.objects.filter(name__iexact=name).first()
    if company is None:
        if status and status != Company.Status.PROSPECT:
            raise ValidationError(
                f"{name} is new: it starts as a prospect and becomes “{Company.Status(status).label}” through the "
                "charter's joining procedure (the status page, and a motion of the board to admit it)."
            )
        company = company_create(name=name, by=by, **values)
        outcome.actions.append(f"Add the company {company.name} (a prospect)")
        return company
    if status and status != company.status:
        raise ValidationError(
            f"{company.name} is “{company.get_status_display()}”, the file says “{Company.Status(status).label}”: "
            "a membership status changes on the company's status page or by a decision of the board, not by import."
        )
    changed = company_update_profile(company=company, by=by, **values)
    if changed:
        outcome.actions.append(f"Change {company.name}'s {', '.join(changed)}")
    return company


def _person(company: Company, row: dict[str, str], by: User, outcome: RowOutcome) -> None:
    email = row["email"].lower()
    if not email:
        raise ValidationError("A person needs an e-mail address: the invitation is mailed there.")
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(f"“{row['email']}” is not an e-mail address.") from error
    role = _choice(row["role"], RoleAssignment.Role, "role") if row["role"] else ""
    if role and role not in ROLES:
        raise ValidationError(f"“{row['role']}” is not a role an import gives.")
    user = User.objects.filter(email__iexact=email).first()
    if role:
        if user is not None and RoleAssignment.objects.current().filter(company=company, user=user, role=role).exists():
            return
        _, _, created = person_invite(company=company, email=email, role=role, by=by, display_name=row["person"])
        label = RoleAssignment.Role(role).label.lower()
        invited = "invite the new person" if created else "give"
        outcome.actions.append(f"{invited.capitalize()} {row['person'] or email} <{email}> the role {label} (mail)")
        return
    affiliated = user is not None and Affiliation.objects.current().filter(user=user, company=company).exists()
    pending = CompanyInvitation.objects.pending().filter(company=company, email__iexact=email, role="").exists()
    if affiliated or pending:
        return
    company_invitation_create(company=company, email=email, role="", by=by, display_name=row["person"])
    outcome.actions.append(f"Invite {row['person'] or email} <{email}> to join {company.name} (mail)")


def directory_export_rows(companies: Iterable[Company], *, with_email: bool) -> list[list[str]]:
    """The directory as rows of COLUMNS: a row for each person in a role, or one for a company without."""
    rows = []
    for company in companies:
        base = [
            company.name,
            company.status,
            company.website,
            company.hq_country,
            str(company.hq_time_zone),
            company.operator_kind,
        ]
        holders = [a for a in company.current_roles if a.role in ROLES]
        if not holders:
            rows.append([*base, "", "", ""])
        for assignment in holders:
            person = assignment.user
            rows.append([*base, person.display_name, person.email if with_email else "", assignment.role])
    return rows
