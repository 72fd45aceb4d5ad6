# -*- coding: utf-8 -*-
"""Orders: a shop order becomes a sale order with the shop's totals, then (as the backend's policies
say) a confirmed order, a validated invoice dated on the order, and one payment per shop payment
reconciled with that invoice; cancellations in the shop follow.

Amounts. OpenERP computes a sale order as Satchmo cannot: it rounds each line to the cent and the tax
on them, where Satchmo keeps 10 decimals and rounds nothing. So each line is given the cent it must
come to: Satchmo's untaxed amount, rounded, split over the lines by largest remainder (a line whose
Satchmo amount is cent-exact keeps it), the split that also gives Satchmo's rounded tax when one does;
the line's unit price (or, for a discounted item, its discount %) is nudged at the fourth decimal
when Satchmo's own values miss that cent. What is left (rounded untaxed + rounded tax can differ
from the rounded total) is absorbed by a rounding line within the backend's tolerance; more than
that leaves the order a quotation, flagged "Totals differ".

Steps. Confirming, invoicing, validating and each payment run one at a time, each committed on its
own: a failing step is undone alone, the order stays at its last good step, its sync state says
which step failed and why, and the next pull goes on from there.
"""
import logging
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

import pytz
from openerp import SUPERUSER_ID, netsvc
from openerp.osv import orm, osv
from openerp.tools import DEFAULT_SERVER_DATETIME_FORMAT
from openerp.tools.float_utils import float_repr, float_round

from .importer import IMPORTERS, Importer, is_conflict
from .mapper import MappingError, cents, dec, shop_amounts
from .sync_state import payload_hash

_logger = logging.getLogger(__name__)

CENT = Decimal('0.01')
CANCELLED = 'Cancelled'
SHIPPED = ('Shipped', 'Complete')


def amount(value):
    """An OpenERP float amount as cents."""
    return Decimal(float_repr(float_round(value or 0.0, precision_digits=2), 2))


def utc(stamp, zone):
    """A shop time (in the shop's time zone, `meta` time_zone) as OpenERP keeps datetimes: in UTC."""
    local = datetime.strptime(stamp[:19].replace('T', ' '), DEFAULT_SERVER_DATETIME_FORMAT)
    try:
        local = pytz.timezone(zone).localize(local).astimezone(pytz.utc)
    except (pytz.UnknownTimeZoneError, AttributeError):
        pass   # no or an unknown time zone: the shop's time as it is
    return local.strftime(DEFAULT_SERVER_DATETIME_FORMAT)


def allocate(subs, rates):
    """The cent each line must come to: each rounded down, the cents missing to the rounded sum given to
    the largest remainders; when the tax on those bases misses Satchmo's rounded tax, one rounded-up
    and one rounded-down line swap their cent if that hits it."""
    want = [s.quantize(CENT, rounding=ROUND_FLOOR) for s in subs]
    missing = int((cents(sum(subs, Decimal(0))) - sum(want, Decimal(0))) / CENT)
    for i in sorted(range(len(subs)), key=lambda i: (want[i] - subs[i], i))[:missing]:
        want[i] += CENT
    tax = lambda bases: cents(sum((r * b for r, b in zip(rates, bases)), Decimal(0)))
    wanted_tax = tax(subs)
    if tax(want) != wanted_tax:
        for i in [i for i in range(len(subs)) if want[i] > subs[i]]:
            for j in [j for j in range(len(subs)) if want[j] < subs[j]]:
                swapped = list(want)
                swapped[i] -= CENT
                swapped[j] += CENT
                if tax(swapped) == wanted_tax:
                    return swapped
    return want


def fit_line(price, quantity, discount, target, price_digits, discount_digits):
    """Unit price and discount % (as OpenERP stores them) whose line subtotal is `target` cents:
    the shop's own when they give it, else the discount nudged (a discounted item), else the price."""
    stored = lambda x, digits: float(float_repr(float_round(x, precision_digits=digits), digits))
    subtotal = lambda p, d: float_round(p * (1 - d / 100.0) * quantity, 2)
    target = float(target)
    price, discount = stored(price, price_digits), stored(discount, discount_digits)
    if not quantity or abs(subtotal(price, discount) - target) < 0.001:
        return price, discount
    if discount and price:
        first = stored(100.0 * (1.0 - target / (price * quantity)), discount_digits)
        for k in (0, 1, -1, 2, -2, 3, -3, 4, -4):
            d = stored(first + k * 10.0 ** -discount_digits, discount_digits)
            if abs(subtotal(price, d) - target) < 0.001:
                return price, d
    if discount < 100:
        first = stored(target / (quantity * (1 - discount / 100.0)), price_digits)
        for k in (0, 1, -1, 2, -2, 3, -3):
            p = stored(first + k * 10.0 ** -price_digits, price_digits)
            if abs(subtotal(p, discount) - target) < 0.001:
                return p, discount
    return price, discount


class OrderImporter(Importer):
    resource, model = 'orders', 'sale.order'

    def __init__(self, run):
        super(OrderImporter, self).__init__(run)
        self.workflow = netsvc.LocalService('workflow')
        precision = self.pool['decimal.precision']
        self.price_digits = precision.precision_get(self.cr, SUPERUSER_ID, 'Product Price')
        self.discount_digits = precision.precision_get(self.cr, SUPERUSER_ID, 'Discount')

    def dependencies(self, record):
        if self.before_start(record):
            return []   # skipped: its customer and products come with their own listings
        deps = [('contacts', record['contact_id'])] if record['contact_id'] else []
        return deps + [('products', item['product_id']) for item in record['items'] if item['product_id']]

    def before_start(self, record):
        """The order's day (the shop's date, as the sale order's) when it is before the backend's Import Orders
        From; else None."""
        start, day = self.run.backend.import_orders_from, (record.get('time_stamp') or '')[:10]
        return day if start and day and day < start else None

    def skip_reason(self, record):
        day = self.before_start(record)
        if day:
            return ("Placed on %s, before the backend's Import Orders From (%s): not imported. To bring it in, set "
                    "an earlier date (or none) on the backend, tab Orders, then run a Full Re-scan."
                    % (day, self.run.backend.import_orders_from))
        if record['status'] == CANCELLED:
            return 'Cancelled in the shop before it was imported: nothing to book.'
        statuses = [st.strip().lower() for st in (self.run.backend.order_statuses or '').split(',')]
        if (record['status'] or '').lower() not in statuses:
            return ("Status '%s' is not imported (backend's Imported Statuses: %s); the order comes when its status "
                    "becomes one of them." % (record['status'], self.run.backend.order_statuses))

    def import_record(self, record, binding):
        """Create or update the sale order, then take it as far as the policies say. Returns the count
        key, or (key, message) when a step failed or a policy stopped it: the order keeps what is done."""
        so_id = binding and binding['alive'] and binding['res_id']
        if record.get('deleted'):
            if not so_id or binding['deleted']:
                return 'unchanged'
            stopped = self.book(dict(record, status=CANCELLED), so_id)
            self.run.states.save(self.cr, self.run.backend.id, self.resource, record['id'], binding, {
                'deleted': True, 'payload_hash': payload_hash(record)})
            return stopped or 'updated'
        digest = self.digest(record)
        if so_id and binding['state'] == 'synced' and binding['payload_hash'] == digest:
            return 'unchanged'
        if so_id:
            result = 'updated'
            review = self.update(record, so_id)
            if review:
                return 'failed', review
        else:
            reason = self.skip_reason(record)
            if reason:
                return 'skipped', reason
            so_id = self.create(record, self.map(record))
            result = 'created'
        # pending until booked: an order stopped between two steps (a server killed, a collision in a
        # parallel import) is taken up again by the next pull, never left half booked as 'unchanged'
        binding_id = self.run.bind(self.resource, record, binding, self.model, so_id, digest, state='pending')
        stopped = self.book(record, so_id)
        if stopped:
            return stopped
        self.run.states.write(self.cr, SUPERUSER_ID, [binding_id], {'state': 'synced'})
        return result

    def digest(self, record):
        """The order's payload and the booking policies: changed policies reach every order on the next
        full re-scan (an order confirmed only gets invoiced once invoicing is switched on). Not Import Orders
        From: an order it skipped has no sale order, and is looked at again by every full listing."""
        backend = self.run.backend
        # the deliveries as a boolean, as the former field deliver_shipped: digests kept across the upgrade
        policies = [backend.confirm_orders, backend.invoice_orders, backend.pay_orders,
                    backend.delivery_policy == 'shop', backend.cancel_policy]
        return payload_hash(dict(record, booking_policies=policies))

    # -- the sale order ------------------------------------------------------

    def map(self, record):
        """The mapper's values, with the customer and the addresses copied onto the order."""
        vals = self.mapper.map_order(self.cr, SUPERUSER_ID, self.run, record, context=self.run.context)
        partner_id = self.run.res_id('contacts', record['contact_id'])
        vals.update(partner_id=partner_id,
                    partner_invoice_id=self.address_id(partner_id, record['bill_address'], 'invoice'),
                    partner_shipping_id=self.address_id(partner_id, record['ship_address'], 'delivery'))
        return vals

    def address_id(self, partner_id, address, kind):
        """The customer, or one of its addresses, at this address; a new address of the customer when none is."""
        vals = self.mapper.map_address(self.cr, SUPERUSER_ID, self.run, address, context=self.run.context)
        partner_obj = self.pool['res.partner']
        ids = partner_obj.search(self.cr, SUPERUSER_ID, ['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]
                                 + [(f, '=', vals[f]) for f in ('street', 'street2', 'city', 'zip', 'country_id',
                                                                'state_id')], order='id')
        if partner_id in ids:
            return partner_id
        if ids:
            return ids[0]
        customer = partner_obj.browse(self.cr, SUPERUSER_ID, partner_id)
        vals.update(name=address['addressee'] or customer.name, type=kind, parent_id=partner_id, customer=False,
                    use_parent_address=False)
        return partner_obj.create(self.cr, SUPERUSER_ID, vals, context=self.run.context)

    def create(self, record, vals):
        vals = dict(vals, order_line=[(0, 0, line) for line in self.lines(record)])
        return self.obj.create(self.cr, SUPERUSER_ID, vals, context=self.run.context)

    def update(self, record, so_id):
        """A quotation gets the shop's order again; an order past it only the shop's status, and a flag
        when the shop changed its amounts (OpenERP's order can no longer follow)."""
        so = self.obj.browse(self.cr, SUPERUSER_ID, so_id)
        if so.state in ('draft', 'sent'):
            vals = dict(self.map(record), order_line=[(2, line.id) for line in so.order_line] +
                        [(0, 0, line) for line in self.lines(record)])
            self.obj.write(self.cr, SUPERUSER_ID, [so_id], vals, context=self.run.context)
            return None
        status = self.mapper.map_order_status(self.cr, SUPERUSER_ID, self.run, record, context=self.run.context)
        self.obj.write(self.cr, SUPERUSER_ID, [so_id], status, context=self.run.context)
        if amount(so.satchmo_total) == shop_amounts(record)[2]:
            return None
        review = ('The shop changed the order after it was confirmed: its total was %s, it is %s now. Correct the '
                  'sale order or its invoice by hand.' % (amount(so.satchmo_total), shop_amounts(record)[2]))
        self.obj.write(self.cr, SUPERUSER_ID, [so_id], {'satchmo_review': review}, context=self.run.context)
        return review

    def lines(self, record):
        """The order's lines: one per item, the shipping; each at the cent `allocate` gives it."""
        run = self.run
        if not record['items']:
            raise MappingError('Order %s has no items (total %s): a sale order needs lines. Add its items in the '
                               'shop, or cancel the order there; the next pull takes it up.'
                               % (record['id'], shop_amounts(record)[2]))
        place = self.tax_place(record)
        parts = []
        for item in record['items']:
            if not dec(item['quantity']) > 0:
                raise MappingError(
                    'Order %s: item %s has quantity %s, and a sale order line needs a positive one (goods coming '
                    'back are a credit note in OpenERP): correct the item in the shop, or remove it; the next pull '
                    'books the order.' % (record['id'], item['id'], item['quantity']))
            product_id = self.item_product(item)
            taxes = self.item_taxes(item, place)
            parts.append((self.mapper.map_order_line(self.cr, SUPERUSER_ID, run, record, item, product_id, taxes,
                                                     context=run.context),
                          dec(item['unit_price']), dec(item['quantity']), dec(item['line_item_price']),
                          dec(item['discount']) or Decimal(0)))
        shipping, shipping_discount = dec(record['shipping_cost']) or Decimal(0), dec(record['shipping_discount']) or 0
        if shipping or shipping_discount:
            taxes = self.shipping_taxes(record, place)
            parts.append((self.mapper.map_shipping_line(self.cr, SUPERUSER_ID, run, record, taxes,
                                                        context=run.context),
                          shipping, Decimal(1), shipping, shipping_discount))
        rates = [self.rate(vals['tax_id'][0][2]) for vals, _, _, _, _ in parts]
        want = allocate([lip - disc for _, _, _, lip, disc in parts], rates)
        lines = []
        for (vals, price, quantity, lip, disc), target in zip(parts, want):
            percent = float(100 * disc / lip) if lip else 0.0
            vals['price_unit'], vals['discount'] = fit_line(float(price), float(quantity), percent, target,
                                                            self.price_digits, self.discount_digits)
            lines.append(vals)
        return lines

    def item_product(self, item):
        """The item's product. One the shop deleted (the item keeps its id, or none): its archived product
        when OpenERP had it, else none (the line books the item's text, price and taxes)."""
        shop_id = item['product_id']
        if not shop_id:
            return False
        try:
            return self.run.res_id('products', shop_id)
        except MappingError:
            binding = self.run.bindings('products', [shop_id]).get(str(shop_id))
            if binding and binding['deleted'] and binding['alive']:
                return binding['res_id']
            if ('products', str(shop_id)) in self.run.gone or binding and binding['deleted']:
                return False
            raise

    def tax_place(self, record):
        """(country id, state id) of the address the shop taxes by."""
        address = record['ship_address' if self.run.backend.tax_address == 'ship' else 'bill_address']
        country_id = self.run.country_id(address['country'])
        return country_id, self.run.state_id(country_id, address['state'])

    def item_taxes(self, item, place):
        """The taxes of an item the shop taxed (the item's tax class at the order's place), else none."""
        if not dec(item['tax']):
            return []
        tax_class = self.run.product_tax_class(item['product_id'])
        return self.pool['satchmo.tax.map'].order_taxes(self.cr, SUPERUSER_ID, self.run.backend, tax_class, *place)

    def shipping_taxes(self, record, place):
        """Shipping is taxed when the shop's tax exceeds the items' (Satchmo taxes it in some places only)."""
        item_tax = sum((dec(i['tax']) or Decimal(0) for i in record['items']), Decimal(0))
        if abs((dec(record['tax']) or Decimal(0)) - item_tax) < Decimal('0.000001'):
            return []
        return self.pool['satchmo.tax.map'].order_taxes(self.cr, SUPERUSER_ID, self.run.backend,
                                                       self.run.backend.shipping_tax_class, *place)

    def rate(self, tax_ids):
        taxes = self.pool['account.tax'].browse(self.cr, SUPERUSER_ID, tax_ids)
        return sum((Decimal(str(t.amount)) for t in taxes if t.type == 'percent'), Decimal(0))

    # -- the steps -----------------------------------------------------------

    def book(self, record, so_id):
        """Take the order as far as the policies say; (count key, message) when it stopped short."""
        backend = self.run.backend
        cancelled = record['status'] == CANCELLED
        steps = []
        if not cancelled:
            if self.obj.read(self.cr, SUPERUSER_ID, so_id, ['state'])['state'] in ('draft', 'sent'):
                review = self.check_totals(record, so_id)
                if review:
                    return 'failed', review
            if backend.confirm_orders:
                steps.append(('confirming', self.confirm, ()))
            if backend.invoice_orders:
                steps.append(('invoicing', self.invoice, ()))
        refunds = []
        if backend.pay_orders and not record.get('deleted') and (not cancelled or self.open_invoice(so_id)):
            booked = self.run.bindings('payments', [p['id'] for p in record['payments']])
            steps += [('registering payment %s' % p['id'], self.pay, (p,)) for p in record['payments']
                      if (dec(p['amount']) or 0) > 0 and not booked.get(str(p['id']), {}).get('alive')]
            refunds = [p for p in record['payments'] if (dec(p['amount']) or 0) < 0]
        if not cancelled and backend.delivery_policy == 'shop' and record['status'] in SHIPPED:
            steps.append(('delivering', self.deliver, ()))
        if cancelled:
            steps.append(('cancelling', self.cancel, ()))
        for name, step, args in steps:
            stopped = self.step(name, step, record, so_id, *args)
            if stopped:
                return stopped
        if refunds:
            return self.review_refunds(record, so_id, refunds)
        return None

    def review_refunds(self, record, so_id, refunds):
        """Negative payments are money the shop paid back: OpenERP cannot tell what for (a credit note,
        an overpayment), so the order is booked without them and flagged for a person."""
        review = ('The shop paid back %s (negative payment(s) %s): OpenERP registers no refund from the shop. '
                  'Book it by hand (a credit note and its payment to the customer); the rest of the order is '
                  'booked.' % (-sum(dec(p['amount']) for p in refunds), ', '.join(str(p['id']) for p in refunds)))
        self.obj.write(self.cr, SUPERUSER_ID, [so_id], {'satchmo_review': review}, context=self.run.context)
        return 'skipped', review

    def step(self, name, step, record, so_id, *args):
        """One step in a savepoint of its own, made durable when it succeeds. OpenERP's workflow actions
        write before they fail: a failing step is rolled back whole, never half kept."""
        cr = self.cr
        cr.execute('SAVEPOINT satchmo_step')
        try:
            stopped = step(record, so_id, *args)
        except (MappingError, orm.except_orm, osv.except_osv) as e:
            cr.execute('ROLLBACK TO SAVEPOINT satchmo_step')
            cause = e.args[0] if isinstance(e, MappingError) else '%s: %s' % (e.name, e.value)
        except Exception as e:
            if self.run.raise_conflicts and is_conflict(e):
                raise   # the whole record again, in a new transaction (parallel.py)
            cr.execute('ROLLBACK TO SAVEPOINT satchmo_step')
            _logger.exception('Satchmo order %s: %s failed', record['id'], name)
            cause = 'Unexpected error: %s: %s (the OpenERP server log has the details)' % (type(e).__name__, e)
        else:
            cr.execute('RELEASE SAVEPOINT satchmo_step')
            self.run.checkpoint()
            return stopped
        so = self.obj.browse(cr, SUPERUSER_ID, so_id)
        return 'failed', 'Sale order %s (%s) stopped at %s: %s' % (so.name, so.state, name, cause)

    def check_totals(self, record, so_id):
        """OpenERP's amounts against the shop's: a difference within the tolerance gets a rounding
        line, a larger one flags the quotation."""
        so = self.obj.browse(self.cr, SUPERUSER_ID, so_id)
        untaxed, tax, total = shop_amounts(record)
        diff = total - amount(so.amount_total)
        tolerance = Decimal(str(self.run.backend.tolerance or 0)).quantize(CENT)
        if diff and abs(diff) <= tolerance:
            self.obj.write(self.cr, SUPERUSER_ID, [so.id], {'order_line': [(0, 0, self.mapper.map_rounding_line(
                self.cr, SUPERUSER_ID, self.run, record, float(diff), context=self.run.context))]},
                context=self.run.context)
            so = self.obj.browse(self.cr, SUPERUSER_ID, so.id)
        mine = (amount(so.amount_untaxed), amount(so.amount_tax), amount(so.amount_total))
        differ = mine[2] != total or any(abs(a - b) > tolerance for a, b in zip(mine, (untaxed, tax, total)))
        review = differ and (
            'Totals differ: the shop says untaxed %s, tax %s, total %s; OpenERP computes %s, %s, %s. Check the '
            'tax classes (their rates for this place) and the products, then retry the order.'
            % ((untaxed, tax, total) + mine)) or False
        self.obj.write(self.cr, SUPERUSER_ID, [so.id], {'satchmo_totals_differ': differ, 'satchmo_review': review},
                       context=self.run.context)
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
            self.run.open_period(so.date_order, 'invoice of order %s' % record['id'])
            invoice_obj.write(cr, SUPERUSER_ID, [invoice.id], {'date_invoice': so.date_order,
                                                               'date_due': so.date_order}, context=self.run.context)
            invoice = invoice_obj.browse(cr, SUPERUSER_ID, invoice.id)
            if amount(invoice.amount_total) != amount(so.amount_total):
                raise MappingError(
                    'its invoice %s comes to %s, the order to %s: the taxes of this place round on separate invoice '
                    'tax lines; give them the same tax account and tax codes.'
                    % (invoice.id, amount(invoice.amount_total), amount(so.amount_total)))
            self.workflow.trg_validate(SUPERUSER_ID, 'account.invoice', invoice.id, 'invoice_open', cr)

    def open_invoice(self, so_id):
        invoices = [i for i in self.obj.browse(self.cr, SUPERUSER_ID, so_id).invoice_ids
                    if i.type == 'out_invoice' and i.state in ('open', 'paid')]
        return invoices and invoices[0] or None

    def pay(self, record, so_id, payment):
        """A shop payment on its method's journal, reconciled with this order's invoice only: a voucher, or (payment
        route 'move', the company's currency throughout) the journal entry alone."""
        invoice = self.open_invoice(so_id)
        if invoice is None:
            raise MappingError('the order has no validated invoice to register payment %s of %s against.'
                               % (payment['id'], payment['amount']))
        binding = self.run.bindings('payments', [payment['id']]).get(str(payment['id']))
        journal = self.pool['satchmo.payment.map'].journal_of(self.cr, SUPERUSER_ID, self.run.backend,
                                                             payment['method'])
        company_currency = invoice.company_id.currency_id
        if self.run.backend.payment_route == 'move' and invoice.currency_id.id == company_currency.id \
                and (journal.currency or company_currency).id == company_currency.id:
            self.run.bind('payments', payment, binding, 'account.move',
                          self.payment_move(record, invoice, payment, journal))
        else:
            self.run.bind('payments', payment, binding, 'account.voucher',
                          self.voucher(record, invoice.id, payment, journal))

    def payment_move(self, record, invoice, payment, journal):
        """A shop payment in the company's currency as the journal entry its voucher would make, without the
        voucher: the same journal items (bank debit; a credit per open receivable line of the invoice, as
        much as it is owed; what is over goes to the write-off account within the tolerance, else stays the
        customer's credit), named and dated the same, posted when the journal skips drafts, and reconciled
        the same way (OpenERP's reconcile_partial, full once the invoice's lines come to zero)."""
        cr, run = self.cr, self.run
        paid = dec(payment['amount'])
        date = (payment['time_stamp'] or record['time_stamp'])[:10]
        period_id = run.open_period(date, 'payment %s of order %s' % (payment['id'], record['id']))
        self.check_rate(invoice.company_id.currency_id, date)
        period = self.pool['account.period'].browse(cr, SUPERUSER_ID, period_id)
        if not journal.sequence_id:
            raise MappingError('the journal %s has no sequence: give it one (Accounting > Configuration > Journals).'
                               % journal.name)
        name = self.pool['ir.sequence'].next_by_id(cr, SUPERUSER_ID, journal.sequence_id.id,
                                                   context=dict(run.context, fiscalyear_id=period.fiscalyear_id.id))
        partner = self.pool['res.partner']._find_accounting_partner(invoice.partner_id)
        common = {'journal_id': journal.id, 'period_id': period_id, 'partner_id': partner.id, 'date': date,
                  'debit': 0.0, 'credit': 0.0, 'currency_id': False, 'amount_currency': 0.0}
        lines = [dict(common, name=self.payment_name(record, payment), debit=float(paid), date_maturity=False,
                      account_id=journal.default_debit_account_id.id)]
        owed, left = [], paid
        for line in invoice.move_id.line_id:
            if line.account_id.id != invoice.account_id.id or line.reconcile_id or left <= 0:
                continue
            share = min(left, amount(line.amount_residual))
            left -= share
            owed.append(line.id)
            lines.append(dict(common, name=invoice.number or '/', credit=float(share), account_id=line.account_id.id,
                              quantity=1))
        account = left > 0 and self.writeoff_account(payment, left)
        if left > 0:
            lines.append(dict(common, credit=float(left), **(
                {'name': 'Shop rounding, payment %s' % payment['id'], 'account_id': account.id} if account else
                {'name': name, 'account_id': partner.property_account_receivable.id})))
        move_obj, line_obj = self.pool['account.move'], self.pool['account.move.line']
        context = dict(run.context, force_company=journal.company_id.id)
        move_id = move_obj.create(cr, SUPERUSER_ID, {
            'name': name, 'journal_id': journal.id, 'period_id': period_id, 'date': date, 'narration': False,
            'ref': payment['transaction_id'] or name.replace('/', ''),
            'line_id': [(0, 0, l) for l in lines]}, context=context)
        if journal.entry_posted:
            move_obj.post(cr, SUPERUSER_ID, [move_id], context={})
        mine = line_obj.search(cr, SUPERUSER_ID, [('move_id', '=', move_id)], order='id')[1:1 + len(owed)]
        for new_id, line_id in zip(mine, owed):   # the move's lines, in the order given
            line_obj.reconcile_partial(cr, SUPERUSER_ID, [new_id, line_id], writeoff_period_id=period_id,
                                       writeoff_acc_id=account.id if account else False, writeoff_journal_id=journal.id)
        return move_id

    def payment_name(self, record, payment):
        return 'Satchmo order %s, payment %s (%s)' % (record['id'], payment['id'], payment['method'])

    def writeoff_account(self, payment, over):
        """The account of what a payment is over its invoice, in the shop's currency: the backend's write-off
        account within the tolerance (Satchmo rounds payments up), None above (the customer's credit)."""
        if over > Decimal(str(self.run.backend.tolerance or 0)):
            return None
        if not self.run.backend.writeoff_account_id:
            raise MappingError(
                'payment %s exceeds the invoice by %s (the shop rounds payments up) and the backend has no '
                'Payment Write-off Account: set one under Sales > Configuration > Satchmo > Backends, tab '
                'Orders.' % (payment['id'], over))
        return self.run.backend.writeoff_account_id

    def voucher(self, record, invoice_id, payment, journal):
        """The voucher of a shop payment, in its journal's currency, worth the payment's amount in the shop's
        currency (the invoice's) at OpenERP's rate of the payment's date; the invoice's open amount in its own
        currency falls by exactly that amount. A payment that settles the invoice reconciles it: the exchange
        difference since the invoice's date goes to the company's exchange gain or loss account, the shop's
        rounding (at most the tolerance over) to the backend's write-off account; more stays the customer's
        credit."""
        cr, run = self.cr, self.run
        currency_obj = self.pool['res.currency']
        invoice = self.pool['account.invoice'].browse(cr, SUPERUSER_ID, invoice_id)
        company = invoice.company_id
        currency = journal.currency or company.currency_id          # the voucher's
        shop = invoice.currency_id                                  # the payment's: the shop's
        paid = dec(payment['amount'])
        date = (payment['time_stamp'] or record['time_stamp'])[:10]
        period_id = run.open_period(date, 'payment %s of order %s' % (payment['id'], record['id']))
        for needed in set([currency, shop, company.currency_id]):
            self.check_rate(needed, date)
        at_date = dict(run.context, date=date)

        def convert(value, source, target):
            return amount(currency_obj.compute(cr, SUPERUSER_ID, source.id, target.id, float(value), context=at_date))
        same = currency.id == shop.id
        voucher_amount = paid if same else convert(paid, shop, currency)
        foreign = shop.id != company.currency_id.id
        lines, left = [], paid          # left: what the payment still covers, in the shop's currency
        for line in invoice.move_id.line_id:
            if line.account_id.id != invoice.account_id.id or line.reconcile_id or left <= 0:
                continue
            open_shop = amount(line.amount_residual_currency if foreign else line.amount_residual)
            if same:
                open_voucher = open_shop
            elif currency.id == company.currency_id.id:
                open_voucher = amount(line.amount_residual)
            else:
                open_voucher = convert(line.amount_residual, company.currency_id, currency)
            share = min(left, open_shop)
            left -= share
            settles = share == open_shop
            share_voucher = open_voucher if settles else share if same else convert(share, shop, currency)
            lines.append((0, 0, {'move_line_id': line.id, 'account_id': line.account_id.id, 'type': 'cr',
                                 'amount': float(share_voucher), 'reconcile': settles, 'name': invoice.number}))
            if settles and not same:
                lines.extend(self.exchange_line(company, convert(share, shop, currency) - open_voucher, invoice))
        vals = {
            'type': 'receipt', 'company_id': company.id, 'journal_id': journal.id,
            # the invoice's journal items are on its accounting partner (a person's company)
            'partner_id': self.pool['res.partner']._find_accounting_partner(invoice.partner_id).id,
            'account_id': journal.default_debit_account_id.id, 'amount': float(voucher_amount), 'date': date,
            'period_id': period_id, 'reference': payment['transaction_id'] or False,
            'name': self.payment_name(record, payment),
            'line_cr_ids': [l for l in lines if l[2]['type'] == 'cr'],
            'line_dr_ids': [l for l in lines if l[2]['type'] == 'dr'],
            'payment_option': 'without_writeoff', 'pre_line': True,
            # the rate between the voucher's and the shop's currency: the shop's amount over the voucher's
            'payment_rate_currency_id': shop.id,
            'payment_rate': 1.0 if same else float(paid / voucher_amount) if voucher_amount else 1.0,
        }
        if left > 0 and self.writeoff_account(payment, left):
            vals.update(payment_option='with_writeoff', writeoff_acc_id=run.backend.writeoff_account_id.id,
                        comment='Shop rounding, payment %s' % payment['id'])
        voucher_obj = self.pool['account.voucher']
        voucher_id = voucher_obj.create(cr, SUPERUSER_ID, vals, context=dict(run.context, type='receipt'))
        self.workflow.trg_validate(SUPERUSER_ID, 'account.voucher', voucher_id, 'proforma_voucher', cr)
        return voucher_id

    def exchange_line(self, company, difference, invoice):
        """The voucher line of an exchange difference (in the voucher's currency) on settling an invoice in
        another currency: a gain credits, a loss debits the company's exchange account."""
        if not difference:
            return []
        account = company.income_currency_exchange_account_id if difference > 0 else \
            company.expense_currency_exchange_account_id
        if not account:
            raise MappingError(
                "the payment settles invoice %s in %s with an exchange difference, and the company %s has no %s "
                "Exchange Rate Account: set it under Settings > Configuration > Accounting, then retry the order."
                % (invoice.number, invoice.currency_id.name, company.name, 'Gain' if difference > 0 else 'Loss'))
        return [(0, 0, {'account_id': account.id, 'type': 'cr' if difference > 0 else 'dr',
                        'amount': float(abs(difference)), 'name': 'Exchange difference, %s' % invoice.number})]

    def check_rate(self, currency, date):
        """OpenERP's payments need a rate of their currency on or before their date, even of the
        company's own currency (its install year gives it one from January 1st of that year only)."""
        self.cr.execute('SELECT 1 FROM res_currency_rate WHERE currency_id = %s AND name <= %s LIMIT 1',
                        (currency.id, date))
        if not self.cr.fetchone():
            raise MappingError('the currency %s has no rate on or before %s, the date of the payment, and OpenERP '
                               'needs one even for the company\'s currency: add a rate dated on or before that day '
                               'under Accounting > Configuration > Miscellaneous > Currencies, %s.'
                               % (currency.name, date, currency.name))

    def deliver(self, record, so_id):
        """The shop shipped it (policy 'shop'): its delivery orders done, whatever the stock says, dated when
        the shop shipped it (its first Shipped or Complete status, else the order's time)."""
        cr, picking_obj = self.cr, self.pool['stock.picking']
        stamps = [h['time_stamp'] for h in record.get('status_history') or [] if h['status'] in SHIPPED and
                  h.get('time_stamp')] + [record['time_stamp']]
        shipped = stamps[0] and utc(stamps[0], self.run.meta.get('time_zone'))
        for picking in self.obj.browse(cr, SUPERUSER_ID, so_id).picking_ids:
            if picking.state in ('done', 'cancel'):
                continue
            picking_obj.force_assign(cr, SUPERUSER_ID, [picking.id])
            picking = picking_obj.browse(cr, SUPERUSER_ID, picking.id)
            todo = [m for m in picking.move_lines if m.state not in ('done', 'cancel')]
            moves = dict(('move%s' % m.id, {'product_id': m.product_id.id, 'product_qty': m.product_qty,
                                            'product_uom': m.product_uom.id, 'prodlot_id': False}) for m in todo)
            picking_obj.do_partial(cr, SUPERUSER_ID, [picking.id], moves, context=self.run.context)
            if shipped:   # OpenERP dates them now
                picking_obj.write(cr, SUPERUSER_ID, [picking.id], {'date_done': shipped}, context=self.run.context)
                self.pool['stock.move'].write(cr, SUPERUSER_ID, [m.id for m in todo], {'date': shipped},
                                              context=self.run.context)
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
        why = 'deleted in the shop' if record.get('deleted') else 'cancelled in the shop'
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
            self.obj.action_cancel(cr, SUPERUSER_ID, [so_id], context=self.run.context)
            return
        if self.run.backend.cancel_policy != 'refund':
            review = 'The order was %s after it was invoiced (%s): decide whether to refund it.' % (why, invoice.number)
            self.obj.write(cr, SUPERUSER_ID, [so_id], {'satchmo_review': review}, context=self.run.context)
            return 'skipped', review
        refunds = self.run.bindings('refunds', [record['id']])
        if refunds.get(str(record['id']), {}).get('alive'):
            return
        refund_id = self.refund(record, invoice)
        self.run.bind('refunds', {'id': record['id']}, refunds.get(str(record['id'])), 'account.invoice', refund_id)
        refund = self.pool['account.invoice'].browse(cr, SUPERUSER_ID, refund_id)
        self.obj.write(cr, SUPERUSER_ID, [so_id], {'satchmo_review': 'The order was %s after it was invoiced: '
                                                   'credit note %s (%s).' % (why, refund.number, refund.state)},
                       context=self.run.context)

    def refund(self, record, invoice):
        """OpenERP's refund wizard: mode 'cancel' (credit note reconciled with the invoice, what was paid
        stays a credit of the customer) while the invoice is not fully paid, else mode 'refund'."""
        cr, wizard = self.cr, self.pool['account.invoice.refund']
        date = (record.get('status_history') or [{}])[-1].get('time_stamp') or record.get('time_stamp')
        date = date and date[:10] or invoice.date_invoice
        period_id = self.run.open_period(date, 'credit note of order %s' % record['id'])
        mode = 'refund' if invoice.reconciled else 'cancel'
        context = dict(self.run.context, active_ids=[invoice.id], active_id=invoice.id, type='out_invoice')
        wizard_id = wizard.create(cr, SUPERUSER_ID, {
            'filter_refund': mode, 'date': date, 'period': period_id,
            'description': 'Satchmo order %s cancelled' % record['id']}, context=context)
        action = wizard.invoice_refund(cr, SUPERUSER_ID, [wizard_id], context=context)
        refund_id = [d for d in action['domain'] if d[0] == 'id'][0][2][0]
        if mode == 'refund':
            self.workflow.trg_validate(SUPERUSER_ID, 'account.invoice', refund_id, 'invoice_open', cr)
        return refund_id


IMPORTERS[OrderImporter.resource] = OrderImporter
