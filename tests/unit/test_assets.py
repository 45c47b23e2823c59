"""Offline browser assets: local copies of Leaflet/jQuery/markercluster and maps pointing at them."""

from __future__ import annotations

import re
from pathlib import Path

import folium
import pytest
import xstatic.pkg.leaflet as xs_leaflet
from folium.plugins import MarkerCluster

from geo.map.assets import (
    APP_PREFIX,
    LOCAL_CSS,
    LOCAL_JS,
    asset_urls,
    install_static_assets,
    local_css,
    local_js,
    localise_map,
)

REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)


def _file_for(url: str, prefix: str, vendor: Path) -> Path:
    assert url.startswith(prefix + "/"), url
    return vendor / url[len(prefix) + 1:]


def test_install_copies_every_local_asset_and_the_marker_images(tmp_path: Path) -> None:
    vendor = install_static_assets(tmp_path / "vendor")
    for _, url in [*local_js("/x"), *local_css("/x")]:
        assert _file_for(url, "/x", vendor).stat().st_size > 1000, url
    leaflet_js = (vendor / "leaflet" / "leaflet.js").read_bytes()
    assert leaflet_js == (Path(xs_leaflet.BASE_DIR) / "leaflet.js").read_bytes()
    for image in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png", "layers.png"):
        assert (vendor / "leaflet" / "images" / image).is_file(), image
    assert (vendor / "markercluster" / "leaflet.markercluster.js").is_file()
    assert not list(vendor.rglob(".*")), "temporary files were left behind"


def test_install_is_idempotent_and_repairs_a_damaged_file(tmp_path: Path) -> None:
    vendor = install_static_assets(tmp_path)
    target = vendor / "jquery" / "jquery.min.js"
    before = target.stat().st_mtime_ns
    install_static_assets(tmp_path)
    assert target.stat().st_mtime_ns == before, "an intact file was copied again"

    target.write_text("truncated")
    install_static_assets(tmp_path)
    assert target.stat().st_size > 1000 and b"jQuery" in target.read_bytes()


def test_default_urls_are_served_by_the_app() -> None:
    assert [name for name, _ in LOCAL_JS] == ["leaflet", "jquery"]
    assert all(url.startswith(APP_PREFIX + "/") for _, url in [*LOCAL_JS, *LOCAL_CSS])


def test_localise_map_points_map_and_plugins_at_local_files_and_drops_the_rest(tmp_path: Path) -> None:
    m = folium.Map(tiles=None)
    cluster = MarkerCluster().add_to(m)
    folium.Marker([37.5, 70.0]).add_to(cluster)
    assert any(REMOTE.match(u) for u in asset_urls(m)), "folium's defaults should be CDN URLs"

    prefix = f"file://{tmp_path}"
    localise_map(m, prefix)
    urls = asset_urls(m)
    assert urls and not [u for u in urls if REMOTE.match(u)]
    assert all(u.startswith(prefix + "/") for u in urls)
    assert any(u.endswith("leaflet.markercluster.js") for u in urls)
    assert not [u for u in urls if "bootstrap" in u or "fontawesome" in u or "awesome" in u]
    install_static_assets(tmp_path)
    for url in urls:
        assert _file_for(url, prefix, tmp_path).is_file(), url
    # folium's own class-level lists are left alone: other maps are unaffected.
    assert any(REMOTE.match(u) for _, u in folium.Map.default_js)


def test_rendered_page_loads_nothing_remote_and_sets_the_marker_image_path() -> None:
    m = localise_map(folium.Map(tiles=None))
    folium.Marker([37.5, 70.0], popup="x").add_to(m)
    html = m.get_root().render()
    sources = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"', html)
    assert sources and not [s for s in sources if REMOTE.match(s)]
    assert f'L.Icon.Default.imagePath = "{APP_PREFIX}/leaflet/images/"' in html


def test_localise_map_twice_adds_one_icon_path() -> None:
    m = localise_map(localise_map(folium.Map(tiles=None)))
    assert m.get_root().render().count("L.Icon.Default.imagePath") == 1


@pytest.mark.parametrize("prefix", ["/app/static/vendor", "file:///srv/bm/static/vendor"])
def test_prefix_is_a_parameter(prefix: str) -> None:
    assert local_js(prefix)[0][1] == f"{prefix}/leaflet/leaflet.js"
    assert local_css(prefix)[0][1] == f"{prefix}/leaflet/leaflet.css"
