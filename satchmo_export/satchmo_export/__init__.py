# -*- coding: utf-8 -*-
"""Read-only JSON export of a Satchmo shop, pulled by OpenERP's oesync_pull."""
