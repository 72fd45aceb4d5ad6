# -*- coding: utf-8 -*-
# The upgrade steps of the version folders (OpenERP runs their pre-/post-*.py), importable by the tests.
