# -*- coding: utf-8 -*-
from . import sync_state
from . import sync_log
from . import mapper
from . import tax_map
from . import payment_map
from . import pricelist
from . import order_mapping
from . import backend
from . import pull
from . import booking_policy
from . import parallel
from . import health
from . import preview
from . import configuration
from . import shop_setup
from . import sale_order
from . import wizard
