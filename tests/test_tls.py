"""The refresh's TLS context, built ahead on a thread: httpx's default, handed out once."""

from __future__ import annotations

import ssl

from briefing.sources.tls import prepare_tls, prepared_tls


def test_a_prepared_context_verifies_like_httpx_default_and_is_used_once() -> None:
    prepare_tls()
    prepare_tls()  # one build at a time
    context = prepared_tls()
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0  # the CA bundle was read
    assert prepared_tls() is True  # nothing prepared: the client builds its own
