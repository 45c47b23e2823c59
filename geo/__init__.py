"""Border Monitor's plain-Python library: event model, store, files, maps, extraction.

Never imports streamlit; the Streamlit pages are thin views over these modules.
See ``docs/ARCHITECTURE.md`` for the module map.
"""
