"""HTML is compressed when it carries no CSRF token (BREACH); static files are whitenoise's business."""

import gzip

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_visitors_page_is_gzip_compressed(client: Client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<html" in gzip.decompress(response.content)


def test_a_page_with_a_csrf_token_is_not_compressed(client: Client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_a_signed_in_page_with_the_footers_form_is_not_compressed(client_for, member_user):
    response = client_for(member_user).get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_json_is_left_alone(client: Client):
    assert "Content-Encoding" not in client.get("/healthz", HTTP_ACCEPT_ENCODING="gzip")


def test_without_accept_encoding_nothing_is_compressed(client: Client):
    assert "Content-Encoding" not in client.get("/")
