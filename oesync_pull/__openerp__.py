# -*- coding: utf-8 -*-
{
    'name': 'Satchmo Connector (pull)',
    'version': '7.0.0.1',
    'category': 'Connector',
    'summary': 'Import a Satchmo shop: catalog, customers, orders, invoices, payments',
    'description': """
Satchmo Connector (pull)
========================

Pulls a Satchmo web shop into OpenERP 7 through the shop's read-only
``satchmo_export`` JSON API: on scheduled actions (changes every 5 minutes,
a full reconciliation every night), from Sales > Satchmo > Import from
Satchmo, from the backend's buttons, over XML-RPC (``satchmo.backend``
``import_now`` and ``full_reconcile``) or from the command line
(``oesync_pull/cli.py``).

A *Satchmo backend* (Sales > Configuration > Satchmo > Backends) holds the
shop's export URL, its shared token and how records are booked. Every shop
record's state is in Sales > Satchmo > Sync States (failed ones are retried
with backoff; "Retry selected" retries now), every run in Sales > Satchmo >
Sync Logs. The backend's Health Check (also weekly, over XML-RPC
``health_check`` and ``cli.py --health``) compares the shop with OpenERP
record by record and lists every difference with its cure.
""",
    'author': 'oesync_pull',
    'license': 'AGPL-3',
    'depends': ['sale', 'account_voucher', 'sale_stock', 'product_m2mcategories', 'web_graph'],
    'external_dependencies': {'python': ['requests']},
    'data': [
        'security/ir.model.access.csv',
        'backend_view.xml',
        'sync_state_view.xml',
        'sync_log_view.xml',
        'sale_order_view.xml',
        'wizard/import_wizard_view.xml',
        'oesync_menu.xml',
        'oesync_data.xml',
    ],
    'installable': True,
    'application': True,
}
