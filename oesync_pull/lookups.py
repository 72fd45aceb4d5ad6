# -*- coding: utf-8 -*-
"""The lookups: which OpenERP record a shop value means, the same answer for every asker.

Mappers (`satchmo.mapper`, order_mapping.py), importers, the booking and Test Connection
(configuration.py) ask these: a country and its states, taxes of a tax class, a product's tax class
and unit, the shop's currency and its rates, the accounting period of a date, the backend's
pricelist, its version and the shop's price type. Each answer is cached for the pull (environment.py);
a missing one is a MappingError that says which record to create or correct.

The mapper's methods get this object as their `lookups` argument: `backend`, `pool`, `meta`,
`res_id(resource, shop_id)`, `country_id(code)`, `state_id(country_id, text)`, `taxes(taxable,
tax_class)`, the names a shop's own mapper used on the argument it called `run`.
"""
import datetime
from decimal import Decimal

from openerp import SUPERUSER_ID
from openerp.osv import orm, osv
from openerp.tools.float_utils import float_round
from openerp.tools.translate import _

from .mapper import MappingError, pull_language
from .pricelist import version_today

# ISO codes the shop may use that OpenERP 7 knows under another one
COUNTRY_ALIASES = {'TL': 'TP', 'UK': 'GB'}


class Lookups(object):
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def __init__(self, env, binder):
        self.env, self.binder = env, binder
        self.cr, self.pool, self.cache = env.cr, env.pool, env.cache

    @property
    def backend(self):
        return self.env.backend

    @property
    def meta(self):
        return self.env.meta

    @property
    def context(self):
        return self.env.context

    def model_context(self):
        """The context of the configuration models' lookups (tax_map.py, payment_map.py): the pull's, with its
        language, English when it has none (their _() would take the superuser's language otherwise)."""
        return dict(self.context, **self.env.language)

    def res_id(self, resource, shop_id):
        """The OpenERP id of an imported shop record (binder.py)."""
        return self.binder.res_id(resource, shop_id)

    # -- places --------------------------------------------------------------

    def find_country(self, code):
        code = (code or '').strip().upper()
        ids = self.pool['res.country'].search(self.cr, SUPERUSER_ID,
                                              [('code', 'in', [code, COUNTRY_ALIASES.get(code, code)])])
        return ids and ids[0] or None

    def country_id(self, code):
        """OpenERP's country of an ISO code (False for none); an unknown one is an error naming it."""
        if not (code or '').strip():
            return False
        code = code.strip().upper()
        if not self.cache.has('country', code):
            country_id = self.find_country(code)
            if not country_id:
                raise MappingError(_("Country '%s' is not in OpenERP: correct the address in the shop, or, if the "
                                     "country exists, add it under Sales > Configuration > Address Book > "
                                     "Localization > Countries with the code %s.") % (code, code))
            self.cache.set('country', code, country_id)
        return self.cache.get('country', code)

    def state_id(self, country_id, text, name=None):
        """The country's state whose code or name is `text`, created when OpenERP lacks it."""
        text = (text or '').strip()
        if not country_id or not text:
            return False
        key = (country_id, text.lower())
        if not self.cache.has('state', key):
            self.cr.execute('SELECT id FROM res_country_state WHERE country_id = %s AND (lower(code) = lower(%s) '
                            'OR lower(name) = lower(%s)) ORDER BY lower(code) = lower(%s) DESC, id LIMIT 1',
                            (country_id, text, text, text))
            row = self.cr.fetchone()
            state_id = row[0] if row else self.pool['res.country.state'].create(
                self.cr, SUPERUSER_ID, {'country_id': country_id, 'code': text[:3].upper(), 'name': name or text})
            self.cache.set('state', key, state_id)
        return self.cache.get('state', key)

    # -- taxes and units -----------------------------------------------------

    def taxes(self, taxable, tax_class):
        """A product's customer taxes (tax_map.py)."""
        return self.pool['satchmo.tax.map'].taxes_of(self.cr, SUPERUSER_ID, self.backend, taxable, tax_class,
                                                     context=self.model_context())

    def order_taxes(self, tax_class, country_id, state_id):
        """The taxes of an order line of this class, taxed at this place (tax_map.py)."""
        key = (tax_class, country_id, state_id)
        if not self.cache.has('order_taxes', key):
            self.cache.set('order_taxes', key, self.pool['satchmo.tax.map'].order_taxes(
                self.cr, SUPERUSER_ID, self.backend, tax_class, country_id, state_id, context=self.model_context()))
        return self.cache.get('order_taxes', key)

    def tax_rate(self, tax_ids):
        """The percentage taxes' rate, as a fraction."""
        key = tuple(sorted(tax_ids))
        if not self.cache.has('tax_rate', key):
            taxes = self.pool['account.tax'].browse(self.cr, SUPERUSER_ID, list(key))
            self.cache.set('tax_rate', key, sum([Decimal(str(t.amount)) for t in taxes if t.type == 'percent'],
                                                Decimal(0)))
        return self.cache.get('tax_rate', key)

    def product_tax_class(self, shop_id):
        """The tax class title of an imported shop product (None: Satchmo's 'Default'), from its payload."""
        key = str(shop_id)
        if not self.cache.has('tax_class', key):
            payload = self.binder.shop_payload('products', shop_id)
            tax_class = payload and payload.get('tax_class')
            self.cache.set('tax_class', key, tax_class and tax_class['title'])
        return self.cache.get('tax_class', key)

    def product_uom_id(self, product_id):
        if not self.cache.has('uom', product_id):
            self.cache.set('uom', product_id, self.pool['product.product'].read(
                self.cr, SUPERUSER_ID, product_id, ['uom_id'])['uom_id'][0])
        return self.cache.get('uom', product_id)

    # -- accounting ----------------------------------------------------------

    def open_period(self, date, what):
        """The accounting period OpenERP finds for `date`; a clear error when it has none or it is closed."""
        period_obj = self.pool['account.period']
        context = dict(self.context, company_id=self.backend.company_id.id, account_period_prefer_normal=True)
        try:
            period_id = period_obj.find(self.cr, SUPERUSER_ID, date, context=context)[0]
        except (orm.except_orm, osv.except_osv):
            raise MappingError(_('No accounting period for %s (the date of the %s): create the fiscal year and its '
                                 'periods under Accounting > Configuration > Periods.') % (date, what))
        period = period_obj.browse(self.cr, SUPERUSER_ID, period_id)
        if period.state == 'done':
            raise MappingError(_('The accounting period %s is closed, and the %s is dated %s in it: reopen the '
                                 'period (Accounting > Configuration > Periods) and the next pull books it.')
                               % (period.name, what, date))
        return period_id

    def check_rate(self, currency, date):
        """OpenERP's payments need a rate of their currency on or before their date, even of the
        company's own currency (its install year gives it one from January 1st of that year only)."""
        self.cr.execute('SELECT 1 FROM res_currency_rate WHERE currency_id = %s AND name <= %s LIMIT 1',
                        (currency.id, date))
        if not self.cr.fetchone():
            raise MappingError(_("the currency %s has no rate on or before %s, the date of the payment, and OpenERP "
                                 "needs one even for the company's currency: add a rate dated on or before that day "
                                 "under Accounting > Configuration > Miscellaneous > Currencies, %s.")
                               % (currency.name, date, currency.name))

    def journal_of(self, method):
        """The journal of a shop payment method (payment_map.py)."""
        return self.pool['satchmo.payment.map'].journal_of(self.cr, SUPERUSER_ID, self.backend, method,
                                                          context=self.model_context())

    # -- currency, pricelist, prices -----------------------------------------

    def shop_currency(self):
        """The shop's currency (the export's meta; the backend's pricelist's for an export that does not say)."""
        if not self.cache.has('shop_currency'):
            self.cache.set('shop_currency', None, self.find_shop_currency() or (
                self.backend.pricelist_id.currency_id or self.backend.company_id.currency_id))
        return self.cache.get('shop_currency')

    def find_shop_currency(self):
        """OpenERP's currency of the export's ISO code, or of its symbol when the code is none OpenERP has (an
        older export served Satchmo's own key, 'EURO'); None when the export does not say. Never a request for a
        currency that would duplicate one OpenERP has."""
        code, symbol = self.meta.get('currency'), self.meta.get('currency_symbol')
        if not code and self.meta.get('currency_problem'):
            raise MappingError(self.meta['currency_problem'])
        if not code:
            return None
        currency_obj = self.pool['res.currency']
        ids = currency_obj.search(self.cr, SUPERUSER_ID, [('name', '=', code)], context={'active_test': False})
        if not ids and symbol:
            ids = currency_obj.search(self.cr, SUPERUSER_ID, [('symbol', '=', symbol)])
            ids = ids[:1] if len(ids) == 1 else []
        if ids:
            return currency_obj.browse(self.cr, SUPERUSER_ID, ids[0])
        if len(code) == 3 and code.isalpha() and code.isupper():
            raise MappingError(_("The shop sells in %s, a currency OpenERP does not have: add it under "
                                 "Accounting > Configuration > Miscellaneous > Currencies.") % code)
        raise MappingError(_("The shop's currency '%s' is not an ISO 4217 code: add 'CURRENCY': 'XXX' (its code, e.g. "
                             "'EUR') to SATCHMO_EXPORT in the shop's settings, and upgrade satchmo_export. Do not "
                             "create a currency named %s in OpenERP: it would duplicate the one it stands for, "
                             "without its rates.") % (code, code))

    def check_pricelist(self):
        """The backend's pricelist sells in the shop's currency (or there is none yet: a pull takes one)."""
        pricelist = self.backend.pricelist_id
        code = (self.meta.get('currency') or self.meta.get('currency_problem')) and self.shop_currency().name
        if code and pricelist and pricelist.currency_id.name != code:
            raise MappingError(_("The pricelist %s is in %s and the shop sells in %s: choose a sale pricelist in %s "
                                 "(Sales > Configuration > Pricelists), or empty the field and the first pull takes "
                                 "or creates one.") % (pricelist.name, pricelist.currency_id.name, code, code))

    def sale_pricelist(self, currency):
        """The first sale pricelist of the backend's company in this currency, or None."""
        ids = self.pool['product.pricelist'].search(self.cr, SUPERUSER_ID, [
            ('type', '=', 'sale'), ('currency_id', '=', currency.id), '|', ('company_id', '=', False),
            ('company_id', '=', self.backend.company_id.id)], order='id', limit=1)
        return ids and ids[0] or None

    def ensure_pricelist(self):
        """A backend without a pricelist gets one in the shop's currency: the first sale pricelist of its
        company in that currency, else a new one named after the backend."""
        if self.backend.pricelist_id:
            return
        currency = self.shop_currency()
        pricelist_id = self.sale_pricelist(currency) or self.pool['product.pricelist'].create(
            self.cr, SUPERUSER_ID, {'name': '%s (%s)' % (self.backend.name, currency.name), 'type': 'sale',
                                    'currency_id': currency.id, 'company_id': self.backend.company_id.id})
        self.pool['satchmo.backend'].write(self.cr, SUPERUSER_ID, [self.backend.id], {'pricelist_id': pricelist_id})
        self.env.reload_backend()

    def shop_price_type_id(self):
        if not self.cache.has('shop_price_type'):
            self.cache.set('shop_price_type', None, self.pool['product.price.type'].shop_price_type(
                self.cr, SUPERUSER_ID, self.shop_currency().id).id)
        return self.cache.get('shop_price_type')

    def company_price(self, price):
        """A shop price in the company's currency, at today's rate (a product's list price, a variant's
        extra), at the 'Product Price' precision; the same number when the company sells in the shop's."""
        shop, company = self.shop_currency(), self.backend.company_id.currency_id
        if shop.id == company.id:
            return float(price)
        if not self.cache.has('price_digits'):
            self.cache.set('price_digits', None, self.pool['decimal.precision'].precision_get(
                self.cr, SUPERUSER_ID, 'Product Price'))
        converted = self.pool['res.currency'].compute(self.cr, SUPERUSER_ID, shop.id, company.id, float(price),
                                                      round=False)
        return float_round(converted, precision_digits=self.cache.get('price_digits'))

    def price_version_id(self):
        """The version of the backend's pricelist valid today (created when there is none)."""
        if not self.cache.has('price_version'):
            list_price = self.pool['ir.model.data'].get_object_reference(self.cr, SUPERUSER_ID, 'product',
                                                                         'list_price')[1]
            self.cache.set('price_version', None, version_today(self.cr, self.pool, self.backend.pricelist_id.id, {
                'items_id': [(0, 0, {'name': 'List price', 'base': list_price, 'sequence': 99})]}))
        return self.cache.get('price_version')

    def rate_date(self, *currencies):
        """The date of the rates OpenERP converts these currencies at today (company_price): the newest of
        each one's latest rate on or before today, as res.currency reads them (False when none has one)."""
        self.cr.execute('SELECT max(name) FROM res_currency_rate WHERE currency_id IN %s AND name <= %s '
                        'AND currency_rate_type_id IS NULL', (tuple(c.id for c in currencies),
                                                              datetime.date.today().isoformat()))
        day = self.cr.fetchone()[0]
        return day and str(day)[:10]
