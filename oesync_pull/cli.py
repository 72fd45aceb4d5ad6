#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Pull a Satchmo shop into OpenERP from the command line, in-process.

    python path/to/oesync_pull/cli.py -c /etc/openerp-server.conf -d DATABASE [-b BACKEND] [--full | --health | --preview]
                                      [--resources countries,categories,products,contacts]

Runs the same pull as the scheduled actions (changes since the last pull, or
with --full a full re-scan) for one backend (its name or id) or every active
one, with the Python and configuration file of the OpenERP server, prints
the counts of each run and exits with 0 when every record was imported, 1
when records failed or a run failed or was skipped (another pull running).
With --health it runs the health check instead: it prints each difference
between the shop and OpenERP and exits with 1 when there is one. With --preview
it changes nothing: it prints what the next pull would do with each shop
record (create, adopt, update, archive, skip, fail) and exits with 1 when a
record would fail.
"""
import argparse
import codecs
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(description='Pull a Satchmo shop into OpenERP 7.')
    parser.add_argument('-c', '--config', required=True, help="the OpenERP server's configuration file")
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('-b', '--backend', help='name or id of the Satchmo backend (default: every active one)')
    parser.add_argument('--full', action='store_true', help='full re-scan instead of the changes since the last pull')
    parser.add_argument('--health', action='store_true', help='compare the shop with OpenERP; import nothing')
    parser.add_argument('--preview', action='store_true', help='what the next pull would do; change nothing')
    parser.add_argument('--resources', help='comma-separated subset of: countries,categories,products,contacts')
    parser.add_argument('--log-level', default='warn', help="OpenERP's log level (default: warn)")
    args = parser.parse_args(argv)
    out = codecs.getwriter('utf-8')(sys.stdout)

    import openerp
    from openerp import SUPERUSER_ID
    openerp.tools.config.parse_config(['-c', args.config, '-d', args.database, '--log-level', args.log_level])
    registry = openerp.modules.registry.RegistryManager.get(args.database)
    if 'satchmo.backend' not in registry.models:
        parser.error('oesync_pull is not installed in database %s' % args.database)
    backend_obj, log_obj = registry['satchmo.backend'], registry['satchmo.sync.log']
    cr = registry.db.cursor()
    try:
        if args.backend:
            domain = [('id', '=', int(args.backend))] if args.backend.isdigit() else [('name', '=', args.backend)]
            ids = backend_obj.search(cr, SUPERUSER_ID, domain, context={'active_test': False})
            if not ids:
                parser.error('no Satchmo backend %s in database %s' % (args.backend, args.database))
        else:
            ids = backend_obj.search(cr, SUPERUSER_ID, [])
            if not ids:
                out.write('No active Satchmo backend: nothing to pull.\n')
                return 0
        resources = args.resources.split(',') if args.resources else None
        mode = 'health' if args.health else 'preview' if args.preview else 'full' if args.full else 'changes'
        log_ids = [backend_obj.run_import(cr, SUPERUSER_ID, i, mode, resources=resources, trigger='script')
                   for i in ids]
        cr.rollback()   # a new snapshot: the runs committed their logs in transactions of their own
        ok = True
        for log in log_obj.browse(cr, SUPERUSER_ID, log_ids):
            what = {'health': 'health check', 'preview': 'preview'}.get(log.mode, '%s pull' % log.mode)
            out.write(u'%s: %s %s in %.1f s\n' % (log.backend_id.name, what, log.state, log.duration))
            for count in log.count_ids:
                out.write(u'  %-12s %5d created %5d updated %5d unchanged %5d failed %5d skipped\n' % (
                    count.resource, count.created, count.updated, count.unchanged, count.failed, count.skipped))
            if log.message:
                out.write(u'  %s\n' % log.message)
            for failure in log.failure_ids:
                out.write(u'  failed: %s %s: %s\n' % (failure.resource, failure.satchmo_id, failure.message))
            for line in log.preview_line_ids:
                if line.action != 'unchanged':
                    out.write(u'  would %s: %s %s %s%s\n' % (line.action, line.resource, line.satchmo_id, line.name or '',
                                                          line.details and u': %s' % line.details or ''))
            for diff in log.difference_ids:
                out.write(u'  differs: %s %s, %s: %s\n' % (diff.resource, diff.satchmo_id, diff.what, diff.message))
            ok = ok and log.state == 'done'
        return 0 if ok else 1
    finally:
        cr.close()


if __name__ == '__main__':
    sys.exit(main())
