# -*- coding: utf-8 -*-
from . import import_wizard
