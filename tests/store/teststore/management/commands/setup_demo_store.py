# -*- coding: utf-8 -*-
from django.contrib.auth.models import User
from django.core.management.base import NoArgsCommand


class Command(NoArgsCommand):
    help = "Finish the demo store: admin login (admin/admin)."

    def handle_noargs(self, **options):
        if not User.objects.filter(username='admin').exists():
            User.objects.create_superuser('admin', 'admin@example.com', 'admin')
