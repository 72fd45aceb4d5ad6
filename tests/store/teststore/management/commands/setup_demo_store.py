# -*- coding: utf-8 -*-
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import NoArgsCommand

from satchmo_store.shop.models import Order

from teststore.orders import make_sample_orders


class Command(NoArgsCommand):
    help = ("Finish the demo store: admin login (admin/admin), sample orders with payments "
            "(only in a store without orders) and the export's change log backfilled.")

    def handle_noargs(self, **options):
        if not User.objects.filter(username='admin').exists():
            User.objects.create_superuser('admin', 'admin@example.com', 'admin')
        if not Order.objects.exists():
            orders = make_sample_orders()
            self.stdout.write('created %d demo orders\n' % len(orders))
            call_command('satchmo_export_backfill', verbosity=int(options.get('verbosity', 1)))
