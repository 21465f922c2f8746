"""The public-record version moves once per atomic block however many public rows it saves (a ballot
saves three), and a change always moves it, even after an earlier change's savepoint was rolled back."""

import pytest
from django.db import transaction

from kernel.public_record import public_record_bump
from members.models import Company

pytestmark = pytest.mark.django_db


def bumps(callbacks: list) -> int:
    return sum(1 for callback in callbacks if callback is public_record_bump)


def test_three_saves_in_one_atomic_block_move_the_version_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        company = Company.objects.create(name="First", slug="first")
        company.name = "Renamed"
        company.save()
        Company.objects.create(name="Second", slug="second")
    assert bumps(callbacks) == 1


def test_a_change_after_a_rolled_back_savepoint_still_moves_the_version(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                Company.objects.create(name="Undone", slug="undone")  # its bump is registered here...
                raise RuntimeError("undo")
        except RuntimeError:
            pass  # ...and dropped with the savepoint
        Company.objects.create(name="Kept", slug="kept")
    assert bumps(callbacks) == 1
