# -*- coding: utf-8 -*-
from . import test_backend

checks = [test_backend]
