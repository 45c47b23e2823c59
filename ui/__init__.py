"""Streamlit-only helpers shared by the pages (geo/ stays free of streamlit)."""
