"""The chair who may act on their term's last day also hears as the chair that day (one queryset)."""

from datetime import timedelta

from django.utils import timezone

from governance.models import OfficerTerm
from governance.permissions import is_chair
from members.models import User
from notifications import audiences


def test_the_chair_hears_on_the_last_day_of_their_term_and_not_the_day_after(chair):
    today = timezone.localdate()
    OfficerTerm.objects.filter(user=chair).update(ends_on=today)
    assert is_chair(User.objects.get(pk=chair.pk))
    assert chair in audiences.chairs()
    assert chair not in audiences.chairs(today + timedelta(days=1))
    assert chair in audiences.chairs(OfficerTerm.objects.get(user=chair).starts_on)
