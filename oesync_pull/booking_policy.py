# -*- coding: utf-8 -*-
"""The backend's booking policies: where its orders start, who ships, how payments are booked
(booking.py and payments.py follow them).

`import_orders_from`: orders placed (the shop's own date of the order) before it are skipped with that
reason; empty, every order comes. Setting it earlier later on brings the older orders in on the next
Full Re-scan (a skipped order has no sale order, so every full listing asks again). Orders already
booked stay whatever the date becomes. Products and customers are always imported whole.

`delivery_policy`: who ships. 'shop' (the default): the shop ships and OpenERP does not manage its
stock, so an order the shop says Shipped or Complete gets its delivery order done at import, dated on
the day the shop shipped it, and nothing is left to do in the warehouse; an order not shipped yet keeps
its delivery waiting until the shop says it shipped. 'openerp': OpenERP's warehouse ships, every
delivery order stays to do. It replaces the boolean `deliver_shipped` (True: 'shop'), still readable
and writable (XML-RPC scripts); a database upgraded to it keeps each backend's behaviour.

`payment_route`: how a shop payment is booked. 'voucher' (the default): a Customer Payment
(account.voucher) per shop payment. 'move': the journal entry that voucher would make, booked and
reconciled without the voucher (as OCA's sale_payment_method does), for less; the same journal items,
but nothing in Customer Payments. A payment in another currency than the company's (its journal's or
the shop's) is always a voucher: OpenERP's voucher computes its exchange difference.
"""
from openerp.osv import fields, orm

DELIVERY_POLICIES = [('shop', 'The shop ships: shipped orders delivered at import'),
                     ('openerp', "OpenERP's warehouse ships: deliveries stay to do")]
PAYMENT_ROUTES = [('voucher', 'Customer Payments (vouchers)'), ('move', 'Journal Entries')]


class satchmo_backend(orm.Model):
    _inherit = 'satchmo.backend'

    def _deliver_shipped(self, cr, uid, ids, name, arg, context=None):
        return dict((b.id, b.delivery_policy == 'shop') for b in self.browse(cr, uid, ids, context=context))

    def _set_deliver_shipped(self, cr, uid, backend_id, name, value, arg, context=None):
        return self.write(cr, uid, [backend_id], {'delivery_policy': 'shop' if value else 'openerp'}, context=context)

    _columns = {
        'import_orders_from': fields.date(
            'Import Orders From',
            help="Orders the shop took before this day (the shop's date of the order) are not imported: their "
                 "sync states say Skipped, and why. Empty: every order. Set it earlier later on and run a Full "
                 "Re-scan to bring the older orders in; orders already imported stay. Products and customers "
                 "are always imported whole."),
        'delivery_policy': fields.selection(
            DELIVERY_POLICIES, 'Deliveries', required=True,
            help="The shop ships (OpenERP does not manage its stock): an order the shop says Shipped or Complete "
                 "gets its delivery order done at import, dated on the day the shop shipped it; an order not "
                 "shipped yet keeps its delivery waiting until the shop ships it. OpenERP's warehouse ships: "
                 "every delivery order stays to do (import orders from the day your stock was counted in "
                 "OpenERP, so that orders shipped before are not delivered twice)."),
        'payment_route': fields.selection(
            PAYMENT_ROUTES, 'Payments Booked As', required=True,
            help="Customer Payments: a voucher per shop payment, listed under Accounting > Customers > Customer "
                 "Payments. Journal Entries: the same journal items, reconciled the same way with the invoice, "
                 "booked directly, with fewer queries; they are listed under Journal Entries (the "
                 "payment's journal), not under Customer Payments. Payments in another currency than the "
                 "company's are vouchers either way."),
        'deliver_shipped': fields.function(
            _deliver_shipped, fnct_inv=_set_deliver_shipped, type='boolean', string='Deliver Shipped Orders',
            help="Former field, kept for scripts: True is Deliveries 'The shop ships'."),
    }
    _defaults = {'delivery_policy': 'shop', 'payment_route': 'voucher'}

    def create(self, cr, uid, vals, context=None):
        """OpenERP's create sets every boolean it is not given to False, the computed deliver_shipped too (which
        would choose 'openerp'): give it the deliveries' own value."""
        if 'deliver_shipped' not in vals:
            vals = dict(vals, deliver_shipped=(vals.get('delivery_policy') or self._defaults['delivery_policy'])
                        == 'shop')
        return super(satchmo_backend, self).create(cr, uid, vals, context=context)

    def _auto_init(self, cr, context=None):
        """A database that had the boolean `deliver_shipped` keeps each backend's choice (OpenERP then drops
        the column, the field being computed now): True becomes 'shop', False 'openerp'."""
        cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'satchmo_backend' "
                   "AND column_name IN ('deliver_shipped', 'delivery_policy')")
        columns = set(r[0] for r in cr.fetchall())
        old = {}
        if 'deliver_shipped' in columns and 'delivery_policy' not in columns:
            cr.execute('SELECT id, deliver_shipped FROM satchmo_backend')
            old = dict(cr.fetchall())
        result = super(satchmo_backend, self)._auto_init(cr, context)
        for policy in ('shop', 'openerp'):
            ids = [i for i, deliver in old.items() if bool(deliver) == (policy == 'shop')]
            if ids:
                cr.execute('UPDATE satchmo_backend SET delivery_policy = %s WHERE id IN %s', (policy, tuple(ids)))
        return result
