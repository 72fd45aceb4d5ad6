# -*- coding: utf-8 -*-
"""Gift certificates: a debt of the shop until they are spent, never revenue, never cash.

Selling one credits the backend's Gift Certificates Outstanding account (the certificate products'
income account, mapper.map_product); paying with one (Satchmo's method GIFTCERTIFICATE) debits it
(the method's journal posts to that account). Set Up from the Shop creates both when the shop's
gift certificate module is on; the health check compares the account's balance with what the
shop's certificates still hold.
"""
from decimal import Decimal

from openerp.osv import fields, orm
from openerp.tools.translate import _

from .mapper import amount, dec

METHOD = 'GIFTCERTIFICATE'
ACCOUNT_NAME = 'Gift Certificates Outstanding'


class satchmo_backend(orm.Model):
    _inherit = 'satchmo.backend'

    _columns = {
        'gift_certificate_account_id': fields.many2one(
            'account.account', 'Gift Certificates Outstanding', domain=[('type', '!=', 'view')],
            help="Liability of the shop's gift certificates: selling one credits it, paying with one (method "
                 "GIFTCERTIFICATE) debits it. Set Up from the Shop creates it when the shop sells certificates."),
    }

    def setup_gift_certificates(self, cr, uid, backend, setup, context=None):
        """The liability account (the backend's, else one created beside the sales tax account or another
        liability), when the shop sells gift certificates; its id, or False."""
        if not sells_certificates(setup):
            return False
        if backend.gift_certificate_account_id:
            return backend.gift_certificate_account_id.id
        account_obj, company_id = self.pool['account.account'], backend.company_id.id
        found = account_obj.search(cr, uid, [('name', '=', ACCOUNT_NAME), ('company_id', '=', company_id),
                                             ('type', '!=', 'view')], order='id', limit=1)
        if not found:
            model = backend.tax_account_id
            if not model or model.user_type.report_type != 'liability':
                liabilities = account_obj.search(cr, uid, [
                    ('company_id', '=', company_id), ('type', '=', 'other'),
                    ('user_type.report_type', '=', 'liability')], order='code', limit=1)
                if not liabilities:
                    raise orm.except_orm(_('No liability account'), _(
                        'Company %s has no liability account to put the gift certificates the shop sells beside: '
                        'choose the Gift Certificates Outstanding account of backend %s (tab Orders) and run Set '
                        'Up from the Shop again.') % (backend.company_id.name, backend.name))
                model = account_obj.browse(cr, uid, liabilities[0], context=context)
            found = [account_obj.create(cr, uid, {
                'name': ACCOUNT_NAME, 'company_id': company_id, 'type': 'other', 'reconcile': False,
                'code': self._free_code(cr, uid, account_obj, '%s-GC' % model.code, 64),
                'user_type': model.user_type.id, 'parent_id': model.parent_id.id}, context=context)]
        self.write(cr, uid, [backend.id], {'gift_certificate_account_id': found[0]}, context=context)
        return found[0]

    def _gift_certificate_journal(self, cr, uid, backend, account_id, context=None):
        """The journal of payments by gift certificate: it posts to the certificates' liability, so a
        redemption consumes the debt and no bank account ever sees it."""
        journal_obj = self.pool['account.journal']
        return self._find_or_create(cr, uid, journal_obj, {
            'name': 'Satchmo Gift Certificates', 'company_id': backend.company_id.id}, {
            'code': self._free_code(cr, uid, journal_obj, 'SGIFT', 5), 'type': 'bank',
            'default_debit_account_id': account_id, 'default_credit_account_id': account_id}, context=context)


def sells_certificates(setup):
    """The shop's gift certificate module is on and in use: certificate products, certificates sold, or
    payments by certificate (a module merely installed makes no account)."""
    certificates = setup.get('gift_certificates')
    return bool(certificates) and bool(certificates['product_ids'] or dec(certificates['sold']) or
                                       METHOD in [m['method'].upper() for m in setup['payment_methods']])


def liability_balance(cr, backend, currency):
    """What the certificates' account owes (credit - debit of its balanced entries, posted or not, as OpenERP
    computes an account's balance), in the shop's `currency`: its lines' amounts in
    that currency where they carry it, else their company amounts when the company keeps its books in it.
    None when some line's amount in the shop's currency is unknown."""
    account = backend.gift_certificate_account_id
    company_currency = backend.company_id.currency_id
    cr.execute("SELECT credit - debit, amount_currency, currency_id FROM account_move_line "
               "WHERE account_id = %s AND state = 'valid'", (account.id,))
    total = Decimal('0.00')
    for balance, amount_currency, currency_id in cr.fetchall():
        if currency_id == currency.id and currency_id != company_currency.id:
            total -= amount(amount_currency)
        elif currency.id == company_currency.id:
            total += amount(balance)
        else:
            return None
    return total


def check_gift_certificates(run):
    """The health check's comparison: the liability in OpenERP against the shop's open certificates."""
    backend = run.backend
    if not run.env.meta.get('setup_url'):
        return
    setup = run.adapter.setup()
    certificates = setup.get('gift_certificates')
    if not sells_certificates(setup):
        return
    shop = dec(certificates['outstanding']) or Decimal(0)
    if not backend.gift_certificate_account_id:
        run.differ('orders', '-', None, 'gift certificates', _(
            'The shop sells gift certificates and holds %s on %s open certificate(s); backend %s has no Gift '
            'Certificates Outstanding account: run Set Up from the Shop, then Retry the orders that sold or spent '
            'certificates.') % (shop, certificates['open'], backend.name), shop, None)
        return
    mine = liability_balance(run.cr, backend, run.lookups.shop_currency())
    if mine != shop:
        run.differ('orders', '-', None, 'gift certificates', _(
            'Account %s holds %s, the shop\'s %s open certificate(s) %s (sold %s, spent %s): a certificate sold or '
            'spent is missing from the books (Retry the failed orders, or check the entries posted to this '
            'account by hand), or the shop voided a certificate (write its balance off by hand).') % (
            backend.gift_certificate_account_id.code, mine if mine is not None else _('amounts in another currency'),
            certificates['open'], shop, certificates['sold'], certificates['used']), shop, mine)
