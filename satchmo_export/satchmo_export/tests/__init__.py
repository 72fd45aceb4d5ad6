# -*- coding: utf-8 -*-
"""satchmo_export's tests (Django 1.4 finds them here): run them in the test
store, `manage.py test satchmo_export`, which has Satchmo's shipped fixtures
loaded and the order factory (teststore.orders)."""
from satchmo_export.tests.test_auth import *  # noqa
from satchmo_export.tests.test_changes import *  # noqa
from satchmo_export.tests.test_paging import *  # noqa
from satchmo_export.tests.test_payloads import *  # noqa
