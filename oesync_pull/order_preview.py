# -*- coding: utf-8 -*-
"""An order in a preview (preview.py): what its pull would book, computed without a sale order.

The order's lines come from its mapping (order_mapping.py) as the pull makes them; their amounts are
computed as OpenERP's sale order computes them (each line's subtotal rounded, the tax on the lines
rounded once), compared with the shop's totals as booking.py's check_totals does: a rounding line
within the tolerance, else the order would fail with "Totals differ". Then what the booking needs:
the period of the invoice, each payment's journal, its currency and OpenERP's rate of its date.
Nothing is created: no customer address, no sale order, no number taken from a sequence.
"""
from decimal import Decimal

from openerp import SUPERUSER_ID
from openerp.tools.translate import _

from .booking import CANCELLED, SHIPPED
from .mapper import CENT, amount, dec, pull_language, shop_amounts


class OrderPreview(object):
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def __init__(self, importer, lookups):
        self.importer, self.lookups, self.env = importer, lookups, importer.env
        self.mapping, self.booker = importer.mapping, importer.booker
        self.cr, self.pool = importer.cr, importer.pool
        self.memo = {}

    @property
    def backend(self):
        return self.env.backend

    def decide(self, record, so_id):
        if so_id:
            return self.existing(record, so_id)
        mapper = self.importer.mapper
        mapper.map_order(self.cr, SUPERUSER_ID, self.lookups, record, context=self.importer.context)
        if record['contact_id']:
            self.lookups.res_id('contacts', record['contact_id'])
        for address in (record['bill_address'], record['ship_address']):   # the addresses it copies
            mapper.map_address(self.cr, SUPERUSER_ID, self.lookups, address, context=self.importer.context)
        lines = self.mapping.lines(record)
        currency = self.backend.pricelist_id.currency_id or self.backend.company_id.currency_id
        untaxed, tax = self.totals(lines, currency)
        shop_untaxed, shop_tax, shop_total = shop_amounts(record)
        diff = shop_total - (untaxed + tax)
        tolerance = Decimal(str(self.backend.tolerance or 0)).quantize(CENT)
        rounding = diff if diff and abs(diff) <= tolerance else Decimal(0)
        mine = (untaxed + rounding, tax, untaxed + tax + rounding)
        line = {'action': 'create', 'amount_total': float(shop_total), 'amount_tax': float(shop_tax),
                'rounding': float(rounding), 'currency': currency.name}
        if mine[2] != shop_total or any(abs(a - b) > tolerance for a, b in zip(mine, (shop_untaxed, shop_tax,
                                                                                       shop_total))):
            line.update(action='fail', details=(
                _('Totals differ: the shop says untaxed %s, tax %s, total %s; OpenERP computes %s, %s, %s. Check the '
                  'tax classes (their rates for this place) and the products, then retry the order.')
                % ((shop_untaxed, shop_tax, shop_total) + mine)))
            return line
        line.update(self.booking(record))
        return line

    def known(self, key, function, *args, **kwargs):
        """What a lookup answered for the same question before in this preview (nothing it asks is created);
        one that failed is asked again, for its message about this record."""
        if key not in self.memo:
            self.memo[key] = function(*args, **kwargs)
        return self.memo[key]

    def totals(self, lines, currency):
        """(untaxed, tax) of these lines as sale.order's _amount_all computes them, in cents."""
        tax_obj, untaxed, tax = self.pool['account.tax'], 0.0, 0.0
        rounded = lambda value: self.pool['res.currency'].round(self.cr, SUPERUSER_ID, currency, value)
        for vals in lines:
            taxes = self.known(('taxes', tuple(vals['tax_id'][0][2])), tax_obj.browse, self.cr, SUPERUSER_ID,
                               vals['tax_id'][0][2])
            price = vals['price_unit'] * (1 - (vals.get('discount') or 0.0) / 100.0)
            computed = tax_obj.compute_all(self.cr, SUPERUSER_ID, taxes, price, vals['product_uom_qty'])
            untaxed += rounded(computed['total'])
            tax += sum(t.get('amount', 0.0) for t in computed['taxes'])
        return amount(rounded(untaxed)), amount(rounded(tax))

    def booking(self, record):
        """The steps the backend's policies would take, and what each needs from the books."""
        backend, lookups, notes = self.backend, self.lookups, []
        date = record['time_stamp'][:10]
        if backend.confirm_orders:
            notes.append(_('Confirmed'))
        if backend.invoice_orders and backend.confirm_orders:
            self.known(('period', date), lookups.open_period, date, _('invoice of order %s') % record['id'])
            notes.append(_('invoiced on %s') % date)
        payments = []
        if backend.pay_orders and backend.invoice_orders and backend.confirm_orders:
            for payment in record['payments']:
                if (dec(payment['amount']) or 0) > 0:
                    payments.append(self.payment(record, payment))
        if backend.delivery_policy == 'shop' and record['status'] in SHIPPED:
            notes.append(_('delivered'))
        return {'details': ', '.join(notes) + '.' if notes else _('Left a quotation (the backend confirms nothing).'),
                'payments': '\n'.join(payments) or False}

    def payment(self, record, payment):
        """'<amount> on <date>: journal <name> in <currency>, 1 <shop> = <rate> <company>' (or its error)."""
        lookups = self.lookups
        date = (payment['time_stamp'] or record['time_stamp'])[:10]
        journal = self.known(('journal', payment['method']), lookups.journal_of, payment['method'])
        company = self.backend.company_id.currency_id
        currency = journal.currency or company
        self.known(('period', date), lookups.open_period, date, _('payment %s of order %s') % (payment['id'],
                                                                                              record['id']))
        self.known(('rate', company.id, date), lookups.check_rate, company, date)
        shop = lookups.shop_currency()
        text = _('%s %s on %s (%s): journal %s in %s') % (payment['amount'], shop.name, date, payment['method'],
                                                         journal.name, currency.name)
        if shop.id != company.id:
            self.known(('rate', shop.id, date), lookups.check_rate, shop, date)
            rate = self.known(('conversion', date), self.pool['res.currency']._get_conversion_rate, self.cr,
                              SUPERUSER_ID, shop, company, context={'date': date})
            text += _(', at 1 %s = %.6f %s (OpenERP\'s rate of %s)') % (shop.name, rate, company.name, date)
        return text

    def existing(self, record, so_id):
        """An order the pull booked before: a quotation gets the shop's order again; a confirmed one only its
        status, unless the shop changed its total (then it would stop for a person to review)."""
        so = self.pool['sale.order'].browse(self.cr, SUPERUSER_ID, so_id)
        line = {'action': 'update', 'res_id': so_id, 'record': so.name, 'currency': so.pricelist_id.currency_id.name,
                'amount_total': float(shop_amounts(record)[2]), 'amount_tax': float(shop_amounts(record)[1])}
        if so.state in ('draft', 'sent'):
            line['details'] = _('The quotation gets the shop\'s order again (status %s).') % record['status']
            return line
        if amount(so.satchmo_total) != shop_amounts(record)[2]:
            line.update(action='fail', details=(
                _('The shop changed the order after it was confirmed: its total was %s, it is %s now. Correct the '
                  'sale order or its invoice by hand.') % (amount(so.satchmo_total), shop_amounts(record)[2])))
            return line
        steps = [step[0] for step in self.booker.steps(record, so_id)]   # their names
        line['details'] = (_('Status %s, then %s.') % (record['status'], ', '.join(steps)) if steps else
                           _('Status %s.') % record['status'])
        if record['status'] == CANCELLED:
            line['details'] += ' ' + _('Cancelled in the shop: policy %s.') % self.backend.cancel_policy
        return line
