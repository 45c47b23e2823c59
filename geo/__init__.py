"""Border Monitor library: event model, store, gazetteer, geocoding, map and exports."""
