"""End-to-end tests: a real `streamlit run` server driven by headless Chromium with the network blocked."""

import pytest

# The page objects assert too; rewrite them so failures show the values compared.
pytest.register_assert_rewrite("tests.e2e.dashboard")
