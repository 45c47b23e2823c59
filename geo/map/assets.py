"""Browser assets served by the app itself, so the map works with no network.

Leaflet, jQuery (folium's popups and ``$(document).ready`` use it) and
Leaflet.markercluster come from the XStatic PyPI packages. At app start
:func:`install_static_assets` copies them into ``static/vendor/`` (gitignored),
which Streamlit serves at ``/app/static/`` (``enableStaticServing``). Offline
renderings outside Streamlit (snapshots) use a ``file://`` prefix instead.

Example
-------
>>> m = localise_map(folium.Map(tiles=None), prefix="/app/static/vendor")
>>> [url for url in asset_urls(m) if url.startswith("http")]
[]
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import folium
import xstatic.pkg.jquery as xs_jquery
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_markercluster
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.paths import STATIC_DIR

VENDOR_DIR = STATIC_DIR / "vendor"
#: URL under which Streamlit serves ``static/vendor``.
APP_PREFIX = "/app/static/vendor"

#: (XStatic data dir, file or directory in it, path under vendor/)
_VENDOR_FILES: tuple[tuple[str, str, str], ...] = (
    (xs_leaflet.BASE_DIR, "leaflet.js", "leaflet/leaflet.js"),
    (xs_leaflet.BASE_DIR, "leaflet.css", "leaflet/leaflet.css"),
    (xs_leaflet.BASE_DIR, "images", "leaflet/images"),
    (xs_jquery.BASE_DIR, "jquery.min.js", "jquery/jquery.min.js"),
    (xs_markercluster.BASE_DIR, "leaflet.markercluster.js", "markercluster/leaflet.markercluster.js"),
    (xs_markercluster.BASE_DIR, "MarkerCluster.css", "markercluster/MarkerCluster.css"),
    (xs_markercluster.BASE_DIR, "MarkerCluster.Default.css", "markercluster/MarkerCluster.Default.css"),
)

#: folium's asset names -> path under vendor/ (names are those folium and its plugins use).
_JS_PATHS = {
    "leaflet": "leaflet/leaflet.js",
    "jquery": "jquery/jquery.min.js",
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
}
_CSS_PATHS = {
    "leaflet_css": "leaflet/leaflet.css",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
}
#: What a plain map needs, in load order (Leaflet before jQuery-using code).
_MAP_JS = ("leaflet", "jquery")
_MAP_CSS = ("leaflet_css",)


def install_static_assets(target: Path = VENDOR_DIR) -> Path:
    """Copy the vendor files into ``target`` and return it.

    Idempotent: a file already there with the same size is left alone; every
    other file is written to a temporary name and moved into place atomically,
    so a browser never gets half a file even while another process copies.
    """
    for base, name, dest in _VENDOR_FILES:
        source, out = Path(base) / name, target / dest
        if not source.exists():
            raise FileNotFoundError(f"{source} is missing: reinstall the XStatic package that should provide it")
        children = sorted(source.iterdir()) if source.is_dir() else [source]
        for child in children:
            _copy_atomic(child, out / child.name if source.is_dir() else out)
    return target


def _copy_atomic(source: Path, dest: Path) -> None:
    if dest.exists() and dest.stat().st_size == source.stat().st_size:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def local_js(prefix: str = APP_PREFIX) -> list[tuple[str, str]]:
    """(name, url) of the scripts a map needs, under ``prefix``."""
    return [(name, f"{prefix}/{_JS_PATHS[name]}") for name in _MAP_JS]


def local_css(prefix: str = APP_PREFIX) -> list[tuple[str, str]]:
    """(name, url) of the style sheets a map needs, under ``prefix``."""
    return [(name, f"{prefix}/{_CSS_PATHS[name]}") for name in _MAP_CSS]


#: The map's assets as served by the app.
LOCAL_JS = local_js()
LOCAL_CSS = local_css()


def walk_elements(root: Element) -> Iterator[Element]:
    """``root`` and every element below it (depth first)."""
    yield root
    for child in list(getattr(root, "_children", {}).values()):
        yield from walk_elements(child)


def _localised(links: list[tuple[str, str]], paths: dict[str, str], prefix: str) -> list[tuple[str, str]]:
    """Links with a local copy pointed at it; every other (remote) link dropped."""
    return [(name, f"{prefix}/{paths[name]}") for name, _ in links if name in paths]


def localise_map(root: Element, prefix: str = APP_PREFIX) -> Element:
    """Point ``root``'s and its children's assets at local files; drop every other asset.

    Works on a ``folium.Map`` and on any element tree (e.g. a feature group
    added later). Assets with no local copy (Bootstrap, Font Awesome, awesome
    markers...) are removed, so no element that needs them should be used.
    A map also gets the path of Leaflet's default marker images, which
    Leaflet cannot detect inside the streamlit-folium iframe.
    """
    for element in walk_elements(root):
        if isinstance(element, folium.Map):
            element.default_js = local_js(prefix)
            element.default_css = local_css(prefix)
            if "bm_icon_path" not in element._children:
                element.add_child(IconImagePath(f"{prefix}/leaflet/images/"), name="bm_icon_path")
            continue
        js, css = getattr(element, "default_js", None), getattr(element, "default_css", None)
        if js:  # assigned on the instance: folium's class-level lists stay untouched
            element.default_js = _localised(js, _JS_PATHS, prefix)  # type: ignore[attr-defined]
        if css:
            element.default_css = _localised(css, _CSS_PATHS, prefix)  # type: ignore[attr-defined]
    return root


def asset_urls(root: Element) -> list[str]:
    """Every script and style-sheet URL the element tree asks the browser to load.

    The same walk streamlit-folium does to build the component's ``js_links``
    and ``css_links``.
    """
    urls: list[str] = []
    for element in walk_elements(root):
        urls += [url for _, url in getattr(element, "default_js", [])]
        urls += [url for _, url in getattr(element, "default_css", [])]
    return list(dict.fromkeys(urls))


class IconImagePath(MacroElement):
    """Sets ``L.Icon.Default.imagePath`` (where Leaflet finds its marker PNGs)."""

    _template = Template(
        "{% macro script(this, kwargs) %}L.Icon.Default.imagePath = {{ this.path | tojson }};{% endmacro %}"
    )

    def __init__(self, path: str) -> None:
        super().__init__()
        self._name = "IconImagePath"
        self.path = path
