"""Hosted under a base path (``--server.baseUrlPath border-monitor``, docs/HOSTED.md): the map's assets follow it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit import config

from geo.map.assets import APP_PREFIX, asset_urls
from ui.data import _base_map, asset_prefix


@pytest.fixture()
def base_url_path() -> Iterator[None]:
    before = config.get_option("server.baseUrlPath")
    config.set_option("server.baseUrlPath", "/border-monitor/")
    try:
        yield
    finally:
        config.set_option("server.baseUrlPath", before)


def test_assets_are_at_the_root_without_a_base_path() -> None:
    assert asset_prefix() == APP_PREFIX == "/app/static/vendor"


def test_assets_are_under_the_base_path(base_url_path: None) -> None:
    assert asset_prefix() == "/border-monitor/app/static/vendor"
    urls = asset_urls(_base_map(False, asset_prefix()))
    assert urls and all(url.startswith("/border-monitor/app/static/vendor/") for url in urls), urls
