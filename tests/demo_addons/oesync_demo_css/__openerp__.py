# -*- coding: utf-8 -*-
{
    'name': 'Demo stylesheet for the PyPI web client',
    'version': '7.0.0.1',
    'category': 'Hidden',
    'summary': "make demo and the browser test only: a small stylesheet of our own for OpenERP 7's web client",
    'description': """
OpenERP 7.0.406 on PyPI ships no stylesheet (its sdists leave ``*.css`` out),
so its web client cannot be clicked through: every top menu lands in a
hidden "More", and everything meant to be hidden shows. This addon adds a
small stylesheet of our own, enough to use the top menus and the Satchmo
connector's screens. It is installed only in the databases of ``make demo``
and of ``tests/test_browser.py``; it is not part of oesync_pull, and a server
with OpenERP's own stylesheets never needs it.
""",
    'author': 'oesync_pull',
    'license': 'AGPL-3',
    'depends': ['web'],
    'css': ['static/src/css/demo.css'],
    'installable': True,
    'auto_install': False,
}
