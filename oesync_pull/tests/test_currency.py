# -*- coding: utf-8 -*-
"""A company whose currency is not the shop's: the recorded USD shop booked in a EUR company, the USD
rate changing between the orders' date and their payments' date, payments registered in a EUR bank
journal and in a USD one. Every payment is worth its USD amount at the rate of its date, every invoice's
residual is the shop's open amount, no customer keeps a balance the shop does not show."""
import datetime
from decimal import Decimal

from openerp.addons.oesync_pull.mapper import amount, cents

from .common import ShopTestCase, recording

ORDER_DAY = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
PAYMENT_DAY = datetime.date.today().isoformat()
RATE_ORDERS, RATE_PAYMENTS = Decimal('1.5289'), Decimal('1.2500')   # USD for 1 EUR


class test_company_in_another_currency(ShopTestCase):

    def setUp(self):
        super(test_company_in_another_currency, self).setUp()
        cr, uid, ref = self.cr, self.uid, self.registry('ir.model.data').get_object_reference
        self.eur, self.usd = ref(cr, uid, 'base', 'EUR')[1], ref(cr, uid, 'base', 'USD')[1]
        company = self.registry('res.users').browse(cr, uid, uid).company_id
        account = self.registry('account.account')
        expense = account.search(cr, uid, [('type', '=', 'other'), ('user_type.code', '=', 'expense')], order='code')
        income = account.search(cr, uid, [('type', '=', 'other'), ('user_type.code', '=', 'income')], order='code')
        company.write({'currency_id': self.eur,
                       'income_currency_exchange_account_id': account.copy(cr, uid, income[0], {
                           'code': 'XGAIN', 'name': 'Exchange gain'}),
                       'expense_currency_exchange_account_id': account.copy(cr, uid, expense[0], {
                           'code': 'XLOSS', 'name': 'Exchange loss'})})
        rate = self.registry('res.currency.rate')
        rate.unlink(cr, uid, rate.search(cr, uid, [('currency_id', 'in', (self.eur, self.usd))]))
        for currency_id, day, value in ((self.eur, '2000-01-01', 1), (self.usd, '2000-01-01', RATE_ORDERS),
                                        (self.usd, PAYMENT_DAY, RATE_PAYMENTS)):
            rate.create(cr, uid, {'currency_id': currency_id, 'name': day + ' 00:00:00', 'rate': float(value)})
        # the shop's USD orders: a pricelist in USD; Public Price in the company's currency (EUR)
        pricelist = self.registry('product.pricelist')
        self.pricelist_id = pricelist.create(cr, uid, {'name': 'Shop USD', 'type': 'sale', 'currency_id': self.usd})
        # PURCHASEORDER into a USD bank journal, DUMMY into the company's (EUR) bank journal
        bank = account.search(cr, uid, [('type', '=', 'liquidity')], order='code')[0]
        usd_account = account.copy(cr, uid, bank, {'code': 'USDBANK', 'name': 'Bank USD', 'currency_id': self.usd})
        journal = self.registry('account.journal')
        eur_bank = journal.search(cr, uid, [('type', '=', 'bank')], order='id')[0]
        usd_bank = journal.create(cr, uid, {
            'name': 'Bank USD', 'code': 'BUSD', 'type': 'bank', 'currency': self.usd, 'company_id': company.id,
            'default_debit_account_id': usd_account, 'default_credit_account_id': usd_account,
            'sequence_id': journal.browse(cr, uid, eur_bank).sequence_id.id, 'update_posted': True})
        backend = self.backend_obj.browse(cr, uid, self.backend_id)
        for rule in backend.payment_map_ids:
            rule.write({'journal_id': usd_bank if rule.method == 'PURCHASEORDER' else eur_bank})
        backend.write({'pricelist_id': self.pricelist_id})
        self.journals = {'DUMMY': eur_bank, 'PURCHASEORDER': usd_bank}
        # order 5 (39.00, unpaid in the recording) paid in full into the USD journal
        self.shop.record('orders', 5)['payments'].append({'id': 99, 'amount': '39', 'method': 'PURCHASEORDER',
                                                          'time_stamp': None, 'transaction_id': 'PO-99'})
        for order in self.shop.listings['orders']:
            order['time_stamp'] = ORDER_DAY + order['time_stamp'][10:]
            for payment in order['payments']:
                payment['time_stamp'] = PAYMENT_DAY + 'T12:00:00.000'

    def test_payments_are_worth_their_usd_amount_at_the_rate_of_their_date(self):
        log = self.pull()
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids] or log.message)
        for order in self.shop.listings['orders']:
            if order['status'] == 'Cancelled':
                continue
            _, so = self.bound('orders', order['id'])
            [invoice] = so.invoice_ids
            self.assertEqual((so.currency_id.name, invoice.currency_id.name), ('USD', 'USD'))
            total = cents(order['total'])
            self.assertEqual(amount(invoice.amount_total), total)
            [receivable] = [l for l in invoice.move_id.line_id if l.account_id == invoice.account_id]
            self.assertEqual(amount(receivable.amount_currency), total)
            self.assertLess(abs(amount(receivable.debit) - total / RATE_ORDERS), Decimal('0.05'),
                            'booked at the rate of the order date (each line rounded)')
            paid = sum(Decimal(p['amount']) for p in order['payments'])
            self.assertEqual(amount(invoice.residual), max(total - paid, Decimal(0)), 'order %s' % order['id'])
            self.assertEqual(invoice.state, 'paid' if paid >= total else 'open')
            for payment in order['payments']:
                _, voucher = self.bound('payments', payment['id'])
                self.assertEqual(voucher.journal_id.id, self.journals[payment['method']])
                [bank] = [l for l in voucher.move_ids if l.account_id == voucher.journal_id.default_debit_account_id]
                self.assertEqual(amount(bank.debit), cents(Decimal(payment['amount']) / RATE_PAYMENTS),
                                 'payment %s: its USD amount at the rate of its date' % payment['id'])
                if payment['method'] == 'PURCHASEORDER':
                    self.assertEqual(amount(bank.amount_currency), cents(payment['amount']))
        # no customer keeps a balance the shop does not show: what is open on the receivable is, in USD, what
        # the shop says is open (fully paid: nothing, in EUR either)
        self.cr.execute("SELECT l.partner_id, sum(l.debit - l.credit), sum(l.amount_currency) FROM account_move_line l "
                        "JOIN account_account a ON a.id = l.account_id WHERE a.type = 'receivable' "
                        "AND l.reconcile_id IS NULL GROUP BY l.partner_id")
        open_by_partner = dict((row[0], (amount(row[1]), amount(row[2]))) for row in self.cr.fetchall())
        _, chris = self.bound('contacts', 1)   # orders 1 and 4, both paid in full
        self.assertEqual(open_by_partner.get(chris.id), None, 'nothing open for a customer who paid everything')
        _, john = self.bound('contacts', 2)    # order 2: 188.00 - 50 paid; order 5: 39.00 paid
        self.assertEqual(open_by_partner[john.id][1], Decimal('138.00'))
        # the exchange differences of the settled invoices, where OpenERP puts them: USD rose from 1.5289 to
        # 1.25 a EUR, a gain; booked at the invoices' rate, received at the payments'
        company = self.registry('res.users').browse(self.cr, self.uid, self.uid).company_id
        self.cr.execute("SELECT sum(credit - debit) FROM account_move_line WHERE account_id = %s",
                        (company.income_currency_exchange_account_id.id,))
        gain = amount(self.cr.fetchone()[0])
        settled = [o for o in self.shop.listings['orders'] if o['payments'] and o['status'] != 'Cancelled'
                   and sum(Decimal(p['amount']) for p in o['payments']) >= Decimal(o['total'])]
        expected = sum((cents(Decimal(o['total']) / RATE_PAYMENTS) - cents(Decimal(o['total']) / RATE_ORDERS)
                        for o in settled), Decimal(0))
        self.assertEqual([o['id'] for o in settled], [1, 4, 5])
        self.assertLess(abs(gain - expected), Decimal('0.05'), (gain, expected))

        second = self.pull()
        self.assertEqual((second.created, second.updated, second.failed), (0, 0, 0), 'a second pull changes nothing')

    def test_payments_in_another_currency_stay_vouchers_with_journal_entries_chosen(self):
        """Payment route 'move' books company-currency payments only: these (USD shop, EUR company) keep
        OpenERP's voucher, which computes the exchange difference."""
        self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'payment_route': 'move'})
        log = self.pull()
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids] or log.message)
        payments = [p['id'] for o in self.shop.listings['orders'] if o['status'] != 'Cancelled' for p in o['payments']]
        self.assertEqual(len(payments), 5)
        for payment_id in payments:
            state, voucher = self.bound('payments', payment_id)
            self.assertEqual((state.res_model, voucher.state), ('account.voucher', 'posted'))

    def test_quotes_in_the_backends_pricelist_are_the_shops_prices(self):
        """The USD pricelist quotes every shop product (variations and quantity prices too) at the shop's
        price; list prices are the shop's in EUR at the day's rate; no other pricelist gets items."""
        cr, uid = self.cr, self.uid
        list0 = self.registry('ir.model.data').get_object_reference(cr, uid, 'product', 'list0')[1]
        item = self.registry('product.pricelist.item')
        before = item.search(cr, uid, [('price_version_id.pricelist_id', '=', list0)])
        self.assertEqual(self.pull('full', resources=['products']).state, 'done')
        pricelist = self.registry('product.pricelist')
        quote = lambda product_id, qty: Decimal(str(pricelist.price_get(
            cr, uid, [self.pricelist_id], product_id, qty)[self.pricelist_id])).quantize(Decimal('0.0001'))
        for record in self.shop.listings['products']:
            _, product = self.bound('products', record['id'])
            shop_price = Decimal(record['unit_price'] or 0).quantize(Decimal('0.0001'))
            self.assertEqual(quote(product.id, 1), shop_price, record['slug'])
            self.assertEqual(Decimal(str(product.satchmo_price)).quantize(Decimal('0.0001')), shop_price)
            if not record['parent_id']:
                self.assertEqual(amount(product.list_price), cents(shop_price / RATE_PAYMENTS), 'EUR at today\'s rate')
            for tier in record['prices']:
                if Decimal(tier['quantity']) > 1:
                    self.assertEqual(quote(product.id, float(tier['quantity'])),
                                     Decimal(tier['price']).quantize(Decimal('0.0001')), record['slug'])
        self.assertEqual(item.search(cr, uid, [('price_version_id.pricelist_id', '=', list0)]), before,
                         'the shop\'s prices go to the backend\'s pricelist only')

    def test_a_new_backend_takes_a_pricelist_in_the_shops_currency(self):
        cr, uid = self.cr, self.uid
        self.backend_obj.write(cr, uid, [self.backend_id], {'pricelist_id': False})
        self.backend_obj.action_test_connection(cr, uid, [self.backend_id])
        status = self.backend_obj.browse(cr, uid, self.backend_id).connection_status
        self.assertIn('the first pull takes', status)
        self.pull('full', resources=['countries'])
        backend = self.backend_obj.browse(cr, uid, self.backend_id)
        self.assertEqual(backend.pricelist_id.currency_id.name, 'USD')

        eur = self.registry('product.pricelist').create(cr, uid, {'name': 'Euro prices', 'type': 'sale',
                                                                  'currency_id': self.eur})
        backend.write({'pricelist_id': eur})
        self.backend_obj.action_test_connection(cr, uid, [self.backend_id])
        status = self.backend_obj.browse(cr, uid, self.backend_id).connection_status
        self.assertIn('Problem: The pricelist Euro prices is in EUR and the shop sells in USD', status)


class test_a_shop_whose_currency_key_is_not_a_code(ShopTestCase):
    """Satchmo names the currency by a key of its own ('EURO', symbol €): no currency named after it."""

    def meta(self, **currency):
        body = recording('meta')['body']
        body.update(currency)
        return (200, body)

    def test_euro_is_the_companys_eur_and_no_new_currency(self):
        cr, uid = self.cr, self.uid
        currency = self.registry('res.currency')
        before = currency.search(cr, uid, [], context={'active_test': False})
        self.shop.faults = [self.meta(currency='EURO', currency_symbol=u'€')]   # an export before the ISO code
        log = self.pull(mode='changes', resources=['categories'])
        self.assertEqual(log.state, 'done', log.message)
        backend = self.backend_obj.browse(cr, uid, self.backend_id)
        self.assertEqual(backend.pricelist_id.currency_id.name, 'EUR')
        self.assertEqual(currency.search(cr, uid, [], context={'active_test': False}), before)

    def test_a_key_naming_no_currency_says_which_setting_to_add(self):
        problem = "The shop's currency (L10N_SETTINGS['default_currency'] 'BUCKS', symbol '$') is not an ISO code"
        self.shop.faults = [self.meta(currency=None, currency_key='BUCKS', currency_problem=problem)]
        log = self.pull(mode='changes', resources=['categories'])
        self.assertEqual((log.state, log.message), ('failed', problem))
        self.shop.faults = [self.meta(currency='BUCKS')]
        self.backend_obj.action_test_connection(self.cr, self.uid, [self.backend_id])
        status = self.backend_obj.browse(self.cr, self.uid, self.backend_id).connection_status
        self.assertIn("is not an ISO 4217 code: add 'CURRENCY'", status)
        self.assertIn('Do not create a currency named BUCKS', status)
