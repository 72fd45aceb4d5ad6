# -*- coding: utf-8 -*-
"""Orders on the import template: a shop order becomes a sale order at the shop's totals
(order_mapping.py), then, as the backend's policies say, a booked one (booking.py: its steps are the
record's after-import steps, which the run makes durable one by one). Cancellations and deletions in
the shop follow.
"""
from openerp import SUPERUSER_ID
from openerp.tools.translate import _

from .booking import CANCELLED, OrderBooking
from .importer import Importer, Result
from .mapper import amount, pull_language, shop_amounts
from .order_mapping import OrderMapping
from .sync_state import payload_hash


class OrderImporter(Importer):
    resource, model = 'orders', 'sale.order'
    adopts = False   # a shop order is never matched with a sale order OpenERP had
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def __init__(self, env, binder, lookups, mapper):
        super(OrderImporter, self).__init__(env, binder, lookups, mapper)
        self.mapping = OrderMapping(env, binder, lookups, mapper)
        self.booker = OrderBooking(env, binder, lookups, mapper)

    def dependencies(self, record):
        if self.before_start(record):
            return []   # skipped: its customer and products come with their own listings
        deps = [('contacts', record['contact_id'])] if record['contact_id'] else []
        return deps + [('products', item['product_id']) for item in record['items'] if item['product_id']]

    def before_start(self, record):
        """The order's day (the shop's date, as the sale order's) when it is before the backend's Import Orders
        From; else None."""
        start, day = self.backend.import_orders_from, (record.get('time_stamp') or '')[:10]
        return day if start and day and day < start else None

    def skip_reason(self, record):
        day = self.before_start(record)
        if day:
            return (_("Placed on %s, before the backend's Import Orders From (%s): not imported. To bring it in, "
                      "set an earlier date (or none) on the backend, tab Orders, then run a Full Re-scan.")
                    % (day, self.backend.import_orders_from))
        if record['status'] == CANCELLED:
            return _('Cancelled in the shop before it was imported: nothing to book.')
        statuses = [st.strip().lower() for st in (self.backend.order_statuses or '').split(',')]
        if (record['status'] or '').lower() not in statuses:
            return (_("Status '%s' is not imported (backend's Imported Statuses: %s); the order comes when its "
                      "status becomes one of them.") % (record['status'], self.backend.order_statuses))

    def digest(self, record):
        """The order's payload and the booking policies: changed policies reach every order on the next
        full re-scan (an order confirmed only gets invoiced once invoicing is switched on). Not Import Orders
        From: an order it skipped has no sale order, and is looked at again by every full listing."""
        backend = self.backend
        # the deliveries as a boolean, as the former field deliver_shipped: digests kept across the upgrade
        policies = [backend.confirm_orders, backend.invoice_orders, backend.pay_orders,
                    backend.delivery_policy == 'shop', backend.cancel_policy]
        return payload_hash(dict(record, booking_policies=policies))

    def map(self, record, res_id=None):
        """A new order's values; an existing one is written as its state allows (`write`)."""
        return None if res_id else self.mapping.values(record)

    def create(self, record, vals):
        vals = dict(vals, order_line=[(0, 0, line) for line in self.mapping.lines(record)])
        return self.obj.create(self.cr, SUPERUSER_ID, vals, context=self.context)

    def write(self, record, so_id, vals):
        """A quotation gets the shop's order again; an order past it only the shop's status, and a flag
        when the shop changed its amounts (OpenERP's order can no longer follow): its message."""
        so = self.obj.browse(self.cr, SUPERUSER_ID, so_id)
        if so.state in ('draft', 'sent'):
            vals = dict(self.mapping.values(record), order_line=[(2, line.id) for line in so.order_line] +
                        [(0, 0, line) for line in self.mapping.lines(record)])
            self.obj.write(self.cr, SUPERUSER_ID, [so_id], vals, context=self.context)
            return None
        status = self.mapper.map_order_status(self.cr, SUPERUSER_ID, self.lookups, record, context=self.context)
        self.obj.write(self.cr, SUPERUSER_ID, [so_id], status, context=self.context)
        if amount(so.satchmo_total) == shop_amounts(record)[2]:
            return None
        review = (_('The shop changed the order after it was confirmed: its total was %s, it is %s now. Correct '
                    'the sale order or its invoice by hand.') % (amount(so.satchmo_total), shop_amounts(record)[2]))
        self.obj.write(self.cr, SUPERUSER_ID, [so_id], {'satchmo_review': review}, context=self.context)
        return review

    def after_import(self, record, so_id, binding):
        """A quotation must come to the shop's totals (booking.py)."""
        return self.booker.check(record, so_id)

    def booking(self, record, so_id):
        return self.booker.steps(record, so_id)

    def archive(self, record, binding):
        """The shop deleted the order: booked as cancelled."""
        so_id = binding and binding['alive'] and binding['res_id']
        if not so_id or binding['deleted']:
            return Result('unchanged')
        steps = self.booker.steps(dict(record, status=CANCELLED), so_id)
        self.binder.save(self.resource, record['id'], binding, {'deleted': True, 'payload_hash': payload_hash(record)})
        return Result('updated', steps=steps, res_id=so_id)

    def stopped_at(self, record, so_id, step, cause):
        so = self.obj.browse(self.cr, SUPERUSER_ID, so_id)
        return _('Sale order %s (%s) stopped at %s: %s') % (so.name, so.state, step, cause)
