# -*- coding: utf-8 -*-
from . import test_backend, test_import

checks = [test_backend, test_import]
