# -*- coding: utf-8 -*-
from . import test_backend, test_bad_data, test_currency, test_existing, test_faults, test_health, test_history, test_import, test_orders, test_parallel, test_screens, test_shop_setup

checks = [test_backend, test_bad_data, test_currency, test_existing, test_faults, test_health, test_history, test_import, test_orders, test_parallel, test_screens, test_shop_setup]
from . import test_schedule; checks.append(test_schedule)   # noqa: E702 (one line: the file is shared)
from . import test_preview; checks.append(test_preview)   # noqa: E702
from . import test_sale_kinds; checks.append(test_sale_kinds)   # noqa: E702
