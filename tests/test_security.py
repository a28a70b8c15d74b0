import pytest

pytestmark = pytest.mark.django_db


def _csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_csp_header_is_strict_on_html_pages(client):
    response = client.get("/")

    directives = _csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert any(v.startswith("'nonce-") for v in directives["script-src"])
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_each_response_gets_a_new_nonce_in_its_policy(client):
    first = _csp_directives(client.get("/"))["script-src"]
    second = _csp_directives(client.get("/"))["script-src"]

    assert first != second


def test_pages_load_no_third_party_assets(client):
    html = client.get("/").content.decode()

    assert "cdn." not in html
    assert "googleapis" not in html
    assert 'src="http' not in html
    assert 'href="http' not in html.split("</head>")[0].replace(
        'rel="canonical" href="http', ""
    )


def test_security_headers_present(client):
    response = client.get("/")

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
