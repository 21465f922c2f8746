"""Who receives what: the portal's audiences as querysets of people."""

from datetime import date

from django.db.models import Q, QuerySet

from governance.models import OfficerTerm
from meetings.kinds import kind_rules
from members.models import Affiliation, RoleAssignment, User
from notifications.models import ListAddress, MeetingKind, MeetingSubscription
from notifications.services.announcements import Recipient


def _people(query: Q) -> QuerySet[User]:
    return User.objects.filter(query, is_active=True).distinct().order_by("pk")


def _community_q() -> Q:
    affiliated = Affiliation.objects.current().values("user_id")
    role_holders = RoleAssignment.objects.current().values("user_id")
    return Q(pk__in=affiliated) | Q(pk__in=role_holders)


def _board_q(company_ids: QuerySet | list[int] | None = None) -> Q:
    """Current board representatives and alternates, whether or not their company is seated: a prospect's
    representative hears about board meetings (their confidential items stay masked in every mail)."""
    roles = RoleAssignment.objects.current().board()
    if company_ids is not None:
        roles = roles.filter(company_id__in=company_ids)
    return Q(pk__in=roles.values("user_id"))


def _secretariat_q() -> Q:
    return Q(pk__in=User.objects.secretariat().values("pk"))


def community() -> QuerySet[User]:
    """Everyone affiliated with a company or holding a role today."""
    return _people(_community_q())


def board(company_ids: QuerySet | list[int] | None = None) -> QuerySet[User]:
    """The current board representatives and alternates, of some seats or of all."""
    return _people(_board_q(company_ids))


def coordinators(company_id: int | None = None) -> QuerySet[User]:
    """Current coordinators, of one company or of all."""
    roles = RoleAssignment.objects.current().coordinators()
    if company_id is not None:
        roles = roles.filter(company_id=company_id)
    return _people(Q(pk__in=roles.values("user_id")))


def secretariat() -> QuerySet[User]:
    return _people(_secretariat_q())


def chairs(on: date | None = None) -> QuerySet[User]:
    """The board's chair (and co-chairs) in office on a date, their term's last day included: the same
    terms as may act (`OfficerTerm.objects.current`, which `governance.permissions.is_chair` asks)."""
    return _people(Q(pk__in=OfficerTerm.objects.current(on).values("user_id")))


def _meeting_kind_default_q(meeting_kind: str) -> Q:
    """Who hears about a kind of meeting unless they choose otherwise: the community for the public
    kinds; the board representatives and alternates and the Secretariat for the executive board's."""
    if not kind_rules(meeting_kind).board:
        return _community_q()
    return _board_q() | _secretariat_q()


def meeting_subscribers(meeting_kind: str) -> QuerySet[User]:
    """The people who receive the announcements, reminders and minutes of meetings of this kind:
    those who turned it on, and those whose roles default to it who did not turn it off."""
    choices = MeetingSubscription.objects.filter(meeting_kind=meeting_kind)
    turned_off = Q(pk__in=choices.filter(enabled=False).values("user_id"))
    turned_on = Q(pk__in=choices.filter(enabled=True).values("user_id"))
    return _people((_meeting_kind_default_q(meeting_kind) & ~turned_off) | turned_on)


def meeting_kinds_for(user: User) -> dict[str, bool]:
    """Each kind of meeting with the person's current choice: their own, or their roles' default."""
    chosen = dict(MeetingSubscription.objects.filter(user=user).values_list("meeting_kind", "enabled"))
    return {
        kind: chosen[kind] if kind in chosen else _people(Q(pk=user.pk) & _meeting_kind_default_q(kind)).exists()
        for kind in MeetingKind.values
    }


def people(*querysets: QuerySet[User]) -> list[Recipient]:
    """Recipients for the union of audiences, each person once."""
    seen: dict[int, User] = {}
    for queryset in querysets:
        for user in queryset:
            seen.setdefault(user.pk, user)
    return [Recipient.for_user(user) for user in seen.values()]


def lists(kind: str, meeting_kind: str | None = None) -> list[Recipient]:
    """The active list addresses that receive `kind` (about meetings of `meeting_kind`, when given)."""
    return [
        Recipient.for_list(address)
        for address in ListAddress.objects.filter(is_active=True)
        if kind in address.kinds and (meeting_kind is None or meeting_kind in address.meeting_kinds)
    ]
