# -*- coding: utf-8 -*-
{
    'name': 'Product multiple categories',
    'version': '7.0.1.0',
    'category': 'Sales Management',
    'summary': 'Products in several categories',
    'description': """
Products in several categories
==============================

A product keeps its main category and gets any number of extra categories
(page "Extra Categories" of the product form). Searching products by a
category finds those that have it, or one of its child categories, as main
or as extra category; so does the "Products by Category" tree.

The extra categories are stored in table ``product_categ_rel``
(``product_id`` = product template, ``categ_id``), as in the earlier OpenERP 7
module of the same name: a database that ran it keeps its data.
""",
    'author': 'oesync_pull',
    'license': 'AGPL-3',
    'depends': ['product'],
    'data': ['product_view.xml'],
    'installable': True,
    'auto_install': False,
}
