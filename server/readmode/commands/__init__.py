"""Sub-commands of the ``readmode`` command line (see :mod:`readmode.cli`)."""
