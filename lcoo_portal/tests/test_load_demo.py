import pytest
from django.core.management import CommandError, call_command

from members.models import Company, RoleAssignment, User


@pytest.mark.django_db
def test_load_demo_refuses_with_debug_off_unless_forced():
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    call_command("load_demo", "--force")
    counts = {m.__name__: m.objects.count() for m in (User, Company, RoleAssignment)}
    call_command("load_demo", "--force")
    assert {m.__name__: m.objects.count() for m in (User, Company, RoleAssignment)} == counts


@pytest.mark.django_db
def test_load_demo_creates_the_documented_accounts():
    call_command("load_demo", "--force")
    for email in [
        "secretariat@example.org",
        "chair@example.org",
        "coordinator.att@example.org",
        "coordinator.ntt@example.org",
        "board.ntt@example.org",
        "board.jio@example.org",
        "member@example.org",
    ]:
        assert User.objects.get(email=email).check_password("lcoo-demo-2026"), email
    assert User.objects.get(email="secretariat@example.org").is_staff
