from django.urls import reverse

from planverk.accounts.models import User


def test_login_with_right_password_reaches_the_workspace(client, coordinator):
    response = client.post(
        reverse("accounts:login"), {"username": coordinator.username, "password": "riktig-hest-batteri-stift"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")


def test_wrong_password_gives_a_norwegian_error(client, coordinator):
    response = client.post(reverse("accounts:login"), {"username": coordinator.username, "password": "feil"})
    assert response.status_code == 200
    assert "oppgi korrekt brukernavn og passord" in response.content.decode()


def test_login_attempts_are_rate_limited(client, coordinator, settings):
    url = reverse("accounts:login")
    for _ in range(10):
        client.post(url, {"username": coordinator.username, "password": "feil"})
    response = client.post(url, {"username": coordinator.username, "password": "riktig-hest-batteri-stift"})
    assert response.status_code == 429
    assert "For mange" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_rate_limit_per_user_name_holds_across_addresses(client, coordinator):
    url = reverse("accounts:login")
    for i in range(10):
        client.post(url, {"username": coordinator.username, "password": "feil"}, REMOTE_ADDR=f"10.0.0.{i}")
    response = client.post(
        url, {"username": coordinator.username, "password": "riktig-hest-batteri-stift"}, REMOTE_ADDR="10.0.1.1"
    )
    assert response.status_code == 429


def test_admin_is_for_superusers_only(client, coordinator, superuser):
    User.objects.filter(pk=coordinator.pk).update(is_staff=True)
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
