# -*- coding: utf-8 -*-
"""The test store's tests: satchmo_export's own (they need the store's data:
Satchmo's shipped fixtures and the order factory teststore.orders), the
contract test of oesync_pull's recordings and those of the order scenario
teststore.scenario. `manage.py test teststore`."""
from teststore.tests.test_auth import *  # noqa
from teststore.tests.test_bench import *  # noqa
from teststore.tests.test_changes import *  # noqa
from teststore.tests.test_contract import *  # noqa
from teststore.tests.test_currency import *  # noqa
from teststore.tests.test_errors import *  # noqa
from teststore.tests.test_feed import *  # noqa
from teststore.tests.test_ids import *  # noqa
from teststore.tests.test_install import *  # noqa
from teststore.tests.test_kinds import *  # noqa
from teststore.tests.test_kinds_scenario import *  # noqa
from teststore.tests.test_paging import *  # noqa
from teststore.tests.test_payloads import *  # noqa
from teststore.tests.test_scenario import *  # noqa
from teststore.tests.test_setup import *  # noqa
