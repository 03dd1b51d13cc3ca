"""Typed tools over the model layer: one pydantic input, one output, one function each."""
