# -*- coding: utf-8 -*-
{
    'name': 'Satchmo Connector (pull)',
    'version': '7.0.0.2',
    'category': 'Connector',
    'summary': 'Import a Satchmo shop: catalog, customers, orders, invoices, payments',
    'description': """
Satchmo Connector (pull)
========================

Pulls a Satchmo web shop into OpenERP 7 through the shop's read-only
``satchmo_export`` JSON API: catalog, customers, and orders booked as sale
orders, invoices and payments at the shop's totals, in the shop's currency.

Set up a backend under Sales > Configuration > Satchmo > Backends: export URL
and token, Set Up from the Shop (taxes and payment journals), Test Connection
(a configuration check), Start Scheduled Pulls. Then Sales > Satchmo: Import
from Satchmo, Sync Logs, Sync States, Records per Day. The backend's Health
Check compares the shop with OpenERP record by record.

The whole guide (installation, configuration, usage, known issues) is the
README.md in this addon's folder.
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
        'preview_view.xml',
        'sale_order_view.xml',
        'product_view.xml',
        'wizard/import_wizard_view.xml',
        'oesync_menu.xml',
        'oesync_data.xml',
    ],
    'installable': True,
    'application': True,
}
