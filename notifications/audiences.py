"""Who receives what: the portal's audiences as querysets of people."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from members.models import Affiliation, RoleAssignment, RoleGroup, User
from notifications.models import ListAddress
from notifications.services import Recipient

BOARD_ROLES = [RoleAssignment.Role.BOARD_REPRESENTATIVE, RoleAssignment.Role.BOARD_ALTERNATE]


def _people(query: Q) -> QuerySet[User]:
    return User.objects.filter(query, is_active=True).distinct().order_by("pk")


def community() -> QuerySet[User]:
    """Everyone affiliated with a company or holding a role today."""
    affiliated = Affiliation.objects.current().values("user_id")
    role_holders = RoleAssignment.objects.current().values("user_id")
    return _people(Q(pk__in=affiliated) | Q(pk__in=role_holders))


def board(company_ids: QuerySet | list[int] | None = None) -> QuerySet[User]:
    """The current board representatives and alternates, of some seats or of all."""
    roles = RoleAssignment.objects.current().filter(role__in=BOARD_ROLES)
    if company_ids is not None:
        roles = roles.filter(company_id__in=company_ids)
    return _people(Q(pk__in=roles.values("user_id")))


def coordinators(company_id: int | None = None) -> QuerySet[User]:
    """Current coordinators, of one company or of all."""
    roles = RoleAssignment.objects.current().filter(role=RoleAssignment.Role.COORDINATOR)
    if company_id is not None:
        roles = roles.filter(company_id=company_id)
    return _people(Q(pk__in=roles.values("user_id")))


def secretariat() -> QuerySet[User]:
    return _people(Q(groups__name=RoleGroup.SECRETARIAT))


def chairs(on: date | None = None) -> QuerySet[User]:
    """The board's chair (and co-chair) in office on a date."""
    from governance.models import OfficerTerm

    on = on or timezone.localdate()
    terms = OfficerTerm.objects.filter(starts_on__lte=on, ends_on__gt=on)
    return _people(Q(pk__in=terms.values("user_id")))


def people(*querysets: QuerySet[User]) -> list[Recipient]:
    """Recipients for the union of audiences, each person once."""
    seen: dict[int, User] = {}
    for queryset in querysets:
        for user in queryset:
            seen.setdefault(user.pk, user)
    return [Recipient.for_user(user) for user in seen.values()]


def lists(kind: str) -> list[Recipient]:
    """The active list addresses that receive `kind`."""
    return [
        Recipient.for_list(address) for address in ListAddress.objects.filter(is_active=True) if kind in address.kinds
    ]
