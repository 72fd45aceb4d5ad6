# -*- coding: utf-8 -*-
from . import test_categories

checks = [test_categories]
