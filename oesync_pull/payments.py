# -*- coding: utf-8 -*-
"""Payments: a shop payment registered on its method's journal and reconciled with its order's invoice.

As the backend's Payments Booked As says (booking_policy.py): a Customer Payment (`voucher`), in the
journal's currency at OpenERP's rate of the payment's date, with its exchange line when it settles an
invoice in another currency; or (`move`, the company's currency throughout) the journal entry that
voucher would make, reconciled the same way. What a payment is over its invoice goes to the backend's
write-off account within the tolerance (Satchmo rounds payments up), else stays the customer's credit.
"""
from decimal import Decimal

from openerp import SUPERUSER_ID, netsvc
from openerp.tools.translate import _

from .mapper import MappingError, amount, dec, pull_language


class Converter(object):
    """Amounts from one currency into another at OpenERP's rate of the context's date, as cents."""

    def __init__(self, pool, cr, context):
        self.currency_obj, self.cr, self.context = pool['res.currency'], cr, context

    def __call__(self, value, source, target):
        return amount(self.currency_obj.compute(self.cr, SUPERUSER_ID, source.id, target.id, float(value),
                                                context=self.context))


class Payments(object):
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def __init__(self, env, binder, lookups):
        self.env, self.binder, self.lookups = env, binder, lookups
        self.cr, self.pool, self.context = env.cr, env.pool, env.context
        self.workflow = netsvc.LocalService('workflow')

    def pay(self, record, invoice, payment):
        """A shop payment on its method's journal, reconciled with this order's invoice only: a voucher, or (payment
        route 'move', the company's currency throughout) the journal entry alone."""
        binding = self.binder.one('payments', payment['id'])
        journal = self.lookups.journal_of(payment['method'])
        company_currency = invoice.company_id.currency_id
        if self.env.backend.payment_route == 'move' and invoice.currency_id.id == company_currency.id \
                and (journal.currency or company_currency).id == company_currency.id:
            self.binder.bind('payments', payment, binding, 'account.move',
                             self.payment_move(record, invoice, payment, journal))
        else:
            self.binder.bind('payments', payment, binding, 'account.voucher',
                             self.voucher(record, invoice.id, payment, journal))

    def payment_move(self, record, invoice, payment, journal):
        """A shop payment in the company's currency as the journal entry its voucher would make, without the
        voucher: the same journal items (bank debit; a credit per open receivable line of the invoice, as
        much as it is owed; what is over goes to the write-off account within the tolerance, else stays the
        customer's credit), named and dated the same, posted when the journal skips drafts, and reconciled
        the same way (OpenERP's reconcile_partial, full once the invoice's lines come to zero)."""
        cr, lookups = self.cr, self.lookups
        paid = dec(payment['amount'])
        date = (payment['time_stamp'] or record['time_stamp'])[:10]
        period_id = lookups.open_period(date, _('payment %s of order %s') % (payment['id'], record['id']))
        lookups.check_rate(invoice.company_id.currency_id, date)
        period = self.pool['account.period'].browse(cr, SUPERUSER_ID, period_id)
        if not journal.sequence_id:
            raise MappingError(_('the journal %s has no sequence: give it one (Accounting > Configuration > '
                                 'Journals).') % journal.name)
        name = self.pool['ir.sequence'].next_by_id(cr, SUPERUSER_ID, journal.sequence_id.id,
                                                   context=dict(self.context, fiscalyear_id=period.fiscalyear_id.id))
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
        context = dict(self.context, force_company=journal.company_id.id)
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
        if over > Decimal(str(self.env.backend.tolerance or 0)):
            return None
        if not self.env.backend.writeoff_account_id:
            raise MappingError(
                _('payment %s exceeds the invoice by %s (the shop rounds payments up) and the backend has no '
                  'Payment Write-off Account: set one under Sales > Configuration > Satchmo > Backends, tab '
                  'Orders.') % (payment['id'], over))
        return self.env.backend.writeoff_account_id

    def voucher(self, record, invoice_id, payment, journal):
        """The voucher of a shop payment, in its journal's currency, worth the payment's amount in the shop's
        currency (the invoice's) at OpenERP's rate of the payment's date; the invoice's open amount in its own
        currency falls by exactly that amount. A payment that settles the invoice reconciles it: the exchange
        difference since the invoice's date goes to the company's exchange gain or loss account, the shop's
        rounding (at most the tolerance over) to the backend's write-off account; more stays the customer's
        credit."""
        cr, lookups = self.cr, self.lookups
        invoice = self.pool['account.invoice'].browse(cr, SUPERUSER_ID, invoice_id)
        company = invoice.company_id
        currency = journal.currency or company.currency_id          # the voucher's
        shop = invoice.currency_id                                  # the payment's: the shop's
        paid = dec(payment['amount'])
        date = (payment['time_stamp'] or record['time_stamp'])[:10]
        period_id = lookups.open_period(date, _('payment %s of order %s') % (payment['id'], record['id']))
        for needed in set([currency, shop, company.currency_id]):
            lookups.check_rate(needed, date)
        convert = Converter(self.pool, cr, dict(self.context, date=date))
        same = currency.id == shop.id
        voucher_amount = paid if same else convert(paid, shop, currency)
        lines, left = self.voucher_lines(invoice, paid, currency, convert)
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
            vals.update(payment_option='with_writeoff', writeoff_acc_id=self.env.backend.writeoff_account_id.id,
                        comment='Shop rounding, payment %s' % payment['id'])
        voucher_id = self.pool['account.voucher'].create(cr, SUPERUSER_ID, vals,
                                                         context=dict(self.context, type='receipt'))
        self.workflow.trg_validate(SUPERUSER_ID, 'account.voucher', voucher_id, 'proforma_voucher', cr)
        return voucher_id

    def voucher_lines(self, invoice, paid, currency, convert):
        """The voucher's lines on the invoice's open receivable lines, as much as each is owed, with the exchange
        line of each one it settles in another currency; and what the payment is over (the shop's currency)."""
        company, shop = invoice.company_id, invoice.currency_id
        same, foreign = currency.id == shop.id, shop.id != company.currency_id.id
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
        return lines, left

    def exchange_line(self, company, difference, invoice):
        """The voucher line of an exchange difference (in the voucher's currency) on settling an invoice in
        another currency: a gain credits, a loss debits the company's exchange account."""
        if not difference:
            return []
        account = company.income_currency_exchange_account_id if difference > 0 else \
            company.expense_currency_exchange_account_id
        if not account:
            raise MappingError(
                _("the payment settles invoice %s in %s with an exchange difference, and the company %s has no %s: "
                  "set it under Settings > Configuration > Accounting, then retry the order.")
                % (invoice.number, invoice.currency_id.name, company.name, _('Gain Exchange Rate Account')
                   if difference > 0 else _('Loss Exchange Rate Account')))
        return [(0, 0, {'account_id': account.id, 'type': 'cr' if difference > 0 else 'dr',
                        'amount': float(abs(difference)), 'name': 'Exchange difference, %s' % invoice.number})]
