# -*- coding: utf-8 -*-
"""The order's booking: a sale order taken as far as the backend's policies say.

`OrderBooking.steps` is its table of contents: confirming, invoicing (dated on the order), registering
each shop payment (payments.py), delivering what the shop shipped, and, for an order the shop
cancelled or deleted, cancelling or refunding it. The run executes the steps one at a time, each made
durable on its own: a failing step is undone alone, the order stays at its last good step, its sync
state says which step failed and why, and the next pull goes on from there. Before the steps, a
quotation must come to the shop's totals (`check`): a difference within the tolerance gets a rounding
line, a larger one leaves it a quotation flagged "Totals differ".
"""
from datetime import datetime
from decimal import Decimal

import pytz
from openerp import SUPERUSER_ID, netsvc
from openerp.tools import DEFAULT_SERVER_DATETIME_FORMAT
from openerp.tools.translate import _

from .importer import Result
from .mapper import CENT, MappingError, amount, dec, pull_language, shop_amounts
from .payments import Payments

CANCELLED = 'Cancelled'
SHIPPED = ('Shipped', 'Complete')


def utc(stamp, zone):
    """A shop time (in the shop's time zone, `meta` time_zone) as OpenERP keeps datetimes: in UTC."""
    local = datetime.strptime(stamp[:19].replace('T', ' '), DEFAULT_SERVER_DATETIME_FORMAT)
    try:
        local = pytz.timezone(zone).localize(local).astimezone(pytz.utc)
    except (pytz.UnknownTimeZoneError, AttributeError):
        pass   # no or an unknown time zone: the shop's time as it is
    return local.strftime(DEFAULT_SERVER_DATETIME_FORMAT)


class OrderBooking(object):
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def __init__(self, env, binder, lookups, mapper):
        self.env, self.binder, self.lookups, self.mapper = env, binder, lookups, mapper
        self.cr, self.pool, self.context = env.cr, env.pool, env.context
        self.obj = env.pool['sale.order']
        self.payments = Payments(env, binder, lookups)
        self.workflow = netsvc.LocalService('workflow')

    def check(self, record, so_id):
        """A quotation must come to the shop's totals before it is booked: a Result that stops it when not."""
        if record['status'] != CANCELLED and \
                self.obj.read(self.cr, SUPERUSER_ID, so_id, ['state'])['state'] in ('draft', 'sent'):
            review = self.check_totals(record, so_id)
            if review:
                return Result('failed', review)

    def steps(self, record, so_id):
        """[(name, function, args)]: what the policies say to do with the order, in this order."""
        backend = self.env.backend
        cancelled = record['status'] == CANCELLED
        steps = []
        if not cancelled and backend.confirm_orders:
            steps.append((_('confirming'), self.confirm, ()))
        if not cancelled and backend.invoice_orders:
            steps.append((_('invoicing'), self.invoice, ()))
        refunds = []
        if backend.pay_orders and not record.get('deleted') and (not cancelled or self.open_invoice(so_id)):
            booked = self.binder.find('payments', [p['id'] for p in record['payments']])
            steps += [(_('registering payment %s') % p['id'], self.pay, (p,)) for p in record['payments']
                      if (dec(p['amount']) or 0) > 0 and not booked.get(str(p['id']), {}).get('alive')]
            refunds = [p for p in record['payments'] if (dec(p['amount']) or 0) < 0]
        if not cancelled and backend.delivery_policy == 'shop' and record['status'] in SHIPPED:
            steps.append((_('delivering'), self.deliver, ()))
        if cancelled:
            steps.append((_('cancelling'), self.cancel, ()))
        if refunds:
            steps.append((_('reviewing refunds'), self.review_refunds, (refunds,)))
        return steps

    def review_refunds(self, record, so_id, refunds):
        """Negative payments are money the shop paid back: OpenERP cannot tell what for (a credit note,
        an overpayment), so the order is booked without them and flagged for a person."""
        review = (_('The shop paid back %s (negative payment(s) %s): OpenERP registers no refund from the shop. '
                    'Book it by hand (a credit note and its payment to the customer); the rest of the order is '
                    'booked.') % (-sum(dec(p['amount']) for p in refunds), ', '.join(str(p['id']) for p in refunds)))
        self.obj.write(self.cr, SUPERUSER_ID, [so_id], {'satchmo_review': review}, context=self.context)
        return Result('skipped', review)

    def check_totals(self, record, so_id):
        """OpenERP's amounts against the shop's: a difference within the tolerance gets a rounding
        line, a larger one flags the quotation."""
        so = self.obj.browse(self.cr, SUPERUSER_ID, so_id)
        untaxed, tax, total = shop_amounts(record)
        diff = total - amount(so.amount_total)
        tolerance = Decimal(str(self.env.backend.tolerance or 0)).quantize(CENT)
        if diff and abs(diff) <= tolerance:
            self.obj.write(self.cr, SUPERUSER_ID, [so.id], {'order_line': [(0, 0, self.mapper.map_rounding_line(
                self.cr, SUPERUSER_ID, self.lookups, record, float(diff), context=self.context))]},
                context=self.context)
            so = self.obj.browse(self.cr, SUPERUSER_ID, so.id)
        mine = (amount(so.amount_untaxed), amount(so.amount_tax), amount(so.amount_total))
        differ = mine[2] != total or any(abs(a - b) > tolerance for a, b in zip(mine, (untaxed, tax, total)))
        review = differ and (
            _('Totals differ: the shop says untaxed %s, tax %s, total %s; OpenERP computes %s, %s, %s. Check the '
              'tax classes (their rates for this place) and the products, then retry the order.')
            % ((untaxed, tax, total) + mine)) or False
        self.obj.write(self.cr, SUPERUSER_ID, [so.id], {'satchmo_totals_differ': differ, 'satchmo_review': review},
                       context=self.context)
        return review

    def confirm(self, record, so_id):
        if self.obj.read(self.cr, SUPERUSER_ID, so_id, ['state'])['state'] in ('draft', 'sent'):
            self.workflow.trg_validate(SUPERUSER_ID, 'sale.order', so_id, 'order_confirm', self.cr)

    def invoice(self, record, so_id):
        """The invoice through the order's own flow, dated on the order, validated in the period OpenERP
        finds for that date; it must come to the order's amounts."""
        cr, invoice_obj = self.cr, self.pool['account.invoice']
        so = self.obj.browse(cr, SUPERUSER_ID, so_id)
        if so.state in ('draft', 'sent', 'cancel'):
            return
        if not [i for i in so.invoice_ids if i.state != 'cancel']:
            self.workflow.trg_validate(SUPERUSER_ID, 'sale.order', so_id, 'manual_invoice', cr)
            so = self.obj.browse(cr, SUPERUSER_ID, so_id)
        for invoice in so.invoice_ids:
            if invoice.state != 'draft':
                continue
            self.lookups.open_period(so.date_order, _('invoice of order %s') % record['id'])
            invoice_obj.write(cr, SUPERUSER_ID, [invoice.id], {'date_invoice': so.date_order,
                                                               'date_due': so.date_order}, context=self.context)
            invoice = invoice_obj.browse(cr, SUPERUSER_ID, invoice.id)
            if amount(invoice.amount_total) != amount(so.amount_total):
                raise MappingError(
                    _('its invoice %s comes to %s, the order to %s: the taxes of this place round on separate '
                      'invoice tax lines; give them the same tax account and tax codes.')
                    % (invoice.id, amount(invoice.amount_total), amount(so.amount_total)))
            self.workflow.trg_validate(SUPERUSER_ID, 'account.invoice', invoice.id, 'invoice_open', cr)

    def open_invoice(self, so_id):
        invoices = [i for i in self.obj.browse(self.cr, SUPERUSER_ID, so_id).invoice_ids
                    if i.type == 'out_invoice' and i.state in ('open', 'paid')]
        return invoices and invoices[0] or None

    def pay(self, record, so_id, payment):
        """A shop payment against this order's invoice (payments.py)."""
        invoice = self.open_invoice(so_id)
        if invoice is None:
            raise MappingError(_('the order has no validated invoice to register payment %s of %s against.')
                               % (payment['id'], payment['amount']))
        self.payments.pay(record, invoice, payment)

    def deliver(self, record, so_id):
        """The shop shipped it (policy 'shop'): its delivery orders done, whatever the stock says, dated when
        the shop shipped it (its first Shipped or Complete status, else the order's time)."""
        cr, picking_obj = self.cr, self.pool['stock.picking']
        stamps = [h['time_stamp'] for h in record.get('status_history') or [] if h['status'] in SHIPPED and
                  h.get('time_stamp')] + [record['time_stamp']]
        shipped = stamps[0] and utc(stamps[0], self.env.meta.get('time_zone'))
        for picking in self.obj.browse(cr, SUPERUSER_ID, so_id).picking_ids:
            if picking.state in ('done', 'cancel'):
                continue
            picking_obj.force_assign(cr, SUPERUSER_ID, [picking.id])
            picking = picking_obj.browse(cr, SUPERUSER_ID, picking.id)
            todo = [m for m in picking.move_lines if m.state not in ('done', 'cancel')]
            moves = dict(('move%s' % m.id, {'product_id': m.product_id.id, 'product_qty': m.product_qty,
                                            'product_uom': m.product_uom.id, 'prodlot_id': False}) for m in todo)
            picking_obj.do_partial(cr, SUPERUSER_ID, [picking.id], moves, context=self.context)
            if shipped:   # OpenERP dates them now
                picking_obj.write(cr, SUPERUSER_ID, [picking.id], {'date_done': shipped}, context=self.context)
                self.pool['stock.move'].write(cr, SUPERUSER_ID, [m.id for m in todo], {'date': shipped},
                                              context=self.context)
        # what OpenERP's procurement scheduler would do later: the procurements see their moves done, and the
        # sale order is Delivered (done, once it is paid)
        for line in self.obj.browse(cr, SUPERUSER_ID, so_id).order_line:
            if line.procurement_id and line.procurement_id.state in ('confirmed', 'exception'):
                self.workflow.trg_validate(SUPERUSER_ID, 'procurement.order', line.procurement_id.id, 'button_check',
                                           cr)

    def cancel(self, record, so_id):
        """The shop cancelled (or deleted) the order. Not invoiced: cancelled. Invoiced: a credit note
        (policy refund: reconciled with the invoice while it is not fully paid; an open credit for the
        customer once it is), or flagged for review (policy review)."""
        cr = self.cr
        so = self.obj.browse(cr, SUPERUSER_ID, so_id)
        why = _('deleted in the shop') if record.get('deleted') else _('cancelled in the shop')
        if not so.satchmo_cancelled:   # what a salesperson filters on (sale_order.py)
            self.obj.write(cr, SUPERUSER_ID, [so_id], {'satchmo_cancelled': True}, context=self.context)
        if so.state == 'cancel':
            return
        if so.state in ('draft', 'sent'):
            self.workflow.trg_validate(SUPERUSER_ID, 'sale.order', so_id, 'cancel', cr)
            return
        invoice = self.open_invoice(so_id)
        for picking in so.picking_ids:
            if picking.state not in ('draft', 'cancel', 'done'):
                self.workflow.trg_validate(SUPERUSER_ID, 'stock.picking', picking.id, 'button_cancel', cr)
        if invoice is None:
            self.obj.action_cancel(cr, SUPERUSER_ID, [so_id], context=self.context)
            return
        if self.env.backend.cancel_policy != 'refund':
            review = _('The order was %s after it was invoiced (%s): decide whether to refund it.') % (
                why, invoice.number)
            self.obj.write(cr, SUPERUSER_ID, [so_id], {'satchmo_review': review}, context=self.context)
            return Result('skipped', review)
        refunded = self.binder.one('refunds', record['id'])
        if refunded and refunded['alive']:
            return
        refund_id = self.refund(record, invoice, so)
        self.binder.bind('refunds', {'id': record['id']}, refunded, 'account.invoice', refund_id)
        refund = self.pool['account.invoice'].browse(cr, SUPERUSER_ID, refund_id)
        review = _('The order was %s after it was invoiced: credit note %s (%s).') % (why, refund.number, refund.state)
        self.obj.write(cr, SUPERUSER_ID, [so_id], {'satchmo_review': review}, context=self.context)

    def refund(self, record, invoice, so):
        """OpenERP's refund wizard: mode 'cancel' (credit note reconciled with the invoice, what was paid
        stays a credit of the customer) while the invoice is not fully paid, else mode 'refund'. The credit
        note names the order and the invoice it refunds, and is one of the order's invoices."""
        cr, wizard = self.cr, self.pool['account.invoice.refund']
        date = (record.get('status_history') or [{}])[-1].get('time_stamp') or record.get('time_stamp')
        date = date and date[:10] or invoice.date_invoice
        period_id = self.lookups.open_period(date, _('credit note of order %s') % record['id'])
        mode = 'refund' if invoice.reconciled else 'cancel'
        context = dict(self.context, active_ids=[invoice.id], active_id=invoice.id, type='out_invoice')
        wizard_id = wizard.create(cr, SUPERUSER_ID, {
            'filter_refund': mode, 'date': date, 'period': period_id,
            'description': 'Satchmo order %s cancelled' % record['id']}, context=context)
        action = wizard.invoice_refund(cr, SUPERUSER_ID, [wizard_id], context=context)
        refund_id = [d for d in action['domain'] if d[0] == 'id'][0][2][0]
        self.pool['account.invoice'].write(cr, SUPERUSER_ID, [refund_id], {'origin': '%s, %s' % (
            so.name, invoice.number)}, context=self.context)
        self.obj.write(cr, SUPERUSER_ID, [so.id], {'invoice_ids': [(4, refund_id)]}, context=self.context)
        if mode == 'refund':
            self.workflow.trg_validate(SUPERUSER_ID, 'account.invoice', refund_id, 'invoice_open', cr)
        return refund_id
