# -*- coding: utf-8 -*-
"""`make demo`'s OpenERP side, over XML-RPC as an administrator would:
create (or update) the Satchmo backend pointing at the demo store, then
print what the shop exports (the import itself comes with the importers).

    python demo_import.py --url URL --db DB --shop EXPORT_URL --token TOKEN
"""
import argparse
import xmlrpclib

import requests


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--url', required=True)
    p.add_argument('--db', required=True)
    p.add_argument('--shop', required=True)
    p.add_argument('--token', required=True)
    p.add_argument('--login', default='admin')
    p.add_argument('--password', default='admin')
    a = p.parse_args()

    uid = xmlrpclib.ServerProxy(a.url + '/xmlrpc/common').login(a.db, a.login, a.password)
    obj = xmlrpclib.ServerProxy(a.url + '/xmlrpc/object', allow_none=True)

    def execute(model, method, *args):
        return obj.execute(a.db, uid, a.password, model, method, *args)

    vals = {'name': 'Satchmo demo store', 'location': a.shop, 'token': a.token}
    ids = execute('satchmo.backend', 'search', [('name', '=', vals['name'])])
    if ids:
        execute('satchmo.backend', 'write', ids, vals)
    else:
        ids = [execute('satchmo.backend', 'create', vals)]
    print('Satchmo backend #%d "%s" -> %s' % (ids[0], vals['name'], a.shop))
    meta = requests.get(a.shop, headers={'Authorization': 'Token %s' % a.token}, timeout=30)
    meta.raise_for_status()
    offered = meta.json()['resources']
    print('The shop exports: %s.' % ', '.join('%d %s' % (offered[name]['count'], name) for name in sorted(offered)))
    print('No importer is installed yet in oesync_pull: the backend is configured, nothing was imported.')


if __name__ == '__main__':
    main()
