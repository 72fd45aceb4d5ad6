# -*- coding: utf-8 -*-
"""Installs the demo's stylesheet addon (tests/demo_addons/oesync_demo_css) into one database over XML-RPC.

    python demo_css.py URL DB

OpenERP 7 from PyPI ships no CSS: without this, its web client cannot be clicked through. Only make demo
and tests/test_browser.py install it, on a server whose addons path has tests/demo_addons.
"""
import sys
import xmlrpclib

MODULE = 'oesync_demo_css'


def install(url, db, login='admin', password='admin'):
    uid = xmlrpclib.ServerProxy(url + '/xmlrpc/common').login(db, login, password)
    models = xmlrpclib.ServerProxy(url + '/xmlrpc/object', allow_none=True)

    def call(model, method, *args):
        return models.execute(db, uid, password, model, method, *args)
    call('ir.module.module', 'update_list')
    ids = call('ir.module.module', 'search', [('name', '=', MODULE)])
    if not ids:
        sys.exit('%s is not on the server\'s addons path (tests/demo_addons)' % MODULE)
    if call('ir.module.module', 'read', ids, ['state'])[0]['state'] != 'installed':
        call('ir.module.module', 'button_immediate_install', ids)


if __name__ == '__main__':
    install(*sys.argv[1:3])
