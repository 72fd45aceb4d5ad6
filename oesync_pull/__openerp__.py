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
``satchmo_export`` JSON API, on scheduled actions or on demand.

A *Satchmo backend* (Sales > Configuration > Satchmo > Backends) holds the
shop's export URL and its shared token.
""",
    'author': 'oesync_pull',
    'license': 'AGPL-3',
    'depends': ['sale', 'account_voucher', 'sale_stock', 'product_m2mcategories'],
    'data': [
        'security/ir.model.access.csv',
        'backend_view.xml',
        'oesync_menu.xml',
    ],
    'installable': True,
    'application': True,
}
