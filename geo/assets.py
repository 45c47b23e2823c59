"""Browser assets served by the app itself: the map works with no network.

Leaflet and jQuery come from the XStatic PyPI packages. At app start
:func:`install_static_assets` copies them into ``static/vendor/`` (gitignored),
which Streamlit serves at ``/app/static/`` (``enableStaticServing``). For
offline rendering outside Streamlit (snapshots) pass a ``file://`` prefix.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template
import xstatic.pkg.jquery as xs_jquery
import xstatic.pkg.leaflet as xs_leaflet

from geo.paths import STATIC_DIR

VENDOR_DIR = STATIC_DIR / "vendor"
#: URL under which Streamlit serves ``static/``.
APP_PREFIX = "/app/static/vendor"

#: (package data dir, file or directory to copy, target name under vendor/)
_FILES = (
    (xs_leaflet.BASE_DIR, "leaflet.js", "leaflet/leaflet.js"),
    (xs_leaflet.BASE_DIR, "leaflet.css", "leaflet/leaflet.css"),
    (xs_leaflet.BASE_DIR, "images", "leaflet/images"),
    (xs_jquery.BASE_DIR, "jquery.min.js", "jquery/jquery.min.js"),
)


def install_static_assets(target: Path = VENDOR_DIR) -> Path:
    """Copy the vendor files into ``target`` (idempotent; each file replaced atomically)."""
    for base, name, dest in _FILES:
        src, out = Path(base) / name, target / dest
        if src.is_dir():
            for child in src.iterdir():
                _copy(child, out / child.name)
        else:
            _copy(src, out)
    return target


def _copy(src: Path, dest: Path) -> None:
    if dest.exists() and dest.stat().st_size == src.stat().st_size:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.")
    os.close(fd)
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


def local_js(prefix: str = APP_PREFIX) -> list[tuple[str, str]]:
    """(name, url) of the scripts a map needs, under ``prefix``."""
    return [("leaflet", f"{prefix}/leaflet/leaflet.js"), ("jquery", f"{prefix}/jquery/jquery.min.js")]


def local_css(prefix: str = APP_PREFIX) -> list[tuple[str, str]]:
    """(name, url) of the style sheets a map needs, under ``prefix``."""
    return [("leaflet_css", f"{prefix}/leaflet/leaflet.css")]


def localise_map(m: folium.Map, prefix: str = APP_PREFIX) -> folium.Map:
    """Point the map's assets at local files and drop every CDN asset.

    Also points Leaflet's default marker images at the local copies (its own
    detection fails inside the streamlit-folium iframe).
    """
    m.default_js = local_js(prefix)
    m.default_css = local_css(prefix)
    m.add_child(_IconPath(f"{prefix}/leaflet/images/"), name="bm_icon_path")
    return m


class _IconPath(MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}L.Icon.Default.imagePath = {{ this.path | tojson }};{% endmacro %}"
    )

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
