"""The pure core: text, sentences, the label schema, the rules every annotation follows, the
JSON shapes, the file formats and the agreement maths. Plain data in and out; it imports
neither Flask nor SQLAlchemy nor anything above it (checked by ``make lint``).
"""
