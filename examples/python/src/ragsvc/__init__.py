"""A retrieval-augmented chat service."""
