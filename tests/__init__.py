"""The test suite; shared fixtures are in ``conftest.py``, shared data in ``report_inputs``."""
