# -*- coding: utf-8 -*-
"""Contract test: oesync_pull's recordings still match what satchmo_export serves.

Regenerate them with `manage.py record_export` after a deliberate change of
the export, and review the diff.
"""
import glob
import json
import os

from django.test import TestCase

from teststore.management.commands.record_export import OUTPUT, normalize, scenario


class RecordingContractTest(TestCase):
    maxDiff = None

    def test_recordings_match_the_export(self):
        files = sorted(glob.glob(os.path.join(OUTPUT, '*.json')))
        self.assertTrue(files, 'no recordings in %s: run manage.py record_export' % OUTPUT)
        produced = dict((name, (normalize(request), status, normalize(body))) for name, request, status, body in scenario())
        recorded = {}
        for path in files:
            with open(path) as f:
                data = json.load(f)
            recorded[os.path.basename(path)[:-len('.json')]] = (data['request'], data['status'], data['body'])
        self.assertEqual(sorted(recorded), sorted(produced),
                         'recordings and scenario differ in which exchanges they hold: run manage.py record_export')
        for name in sorted(produced):
            self.assertEqual(recorded[name], produced[name],
                             'recording %s.json no longer matches the export: run manage.py record_export '
                             'and review the diff' % name)

    def test_normalize_keeps_what_matters(self):
        body = {'meta': {'next': 'abc', 'server_time': 'x', 'count': 2},
                'objects': [{'time_stamp': 't', 'total': '9.5', 'status_history': [{'time_stamp': 'u'}]}]}
        self.assertEqual(normalize(body), {'meta': {'next': '<cursor>', 'server_time': '<time>', 'count': 2},
                                           'objects': [{'time_stamp': '<time>', 'total': '9.5',
                                                        'status_history': [{'time_stamp': '<time>'}]}]})
        self.assertEqual(normalize({'next': None}), {'next': None})
