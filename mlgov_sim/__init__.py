"""mlgov-sim: an offline simulator of Amazon SageMaker governance workflows."""

__version__ = "0.1.0"
