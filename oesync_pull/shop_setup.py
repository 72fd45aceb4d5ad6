# -*- coding: utf-8 -*-
"""The backend set up from the shop's own setup (the export's setup/): its tax rates and payment methods.

**Set Up from the Shop** creates what is missing, and never twice: for each shop tax rate without a rule
of the backend, an OpenERP sales tax (on the backend's Sales Tax Account, with the tax codes of its
place) and the rule; for each tax class, a rule without place (products: their taxes depend on where
they are shipped); for each payment method the shop's orders use and no rule maps, a bank journal (an
account of its own beside the company's bank account), except gift certificates (gift_certificates.py: a
liability account, and a journal posting to it); the shop's shipping tax class and taxed address.
Test Connection (configuration.py) lists the rates and methods still without tax or journal.
`setup_tax_rules` is the same first step over XML-RPC, from a list of rates.
"""
import re
from decimal import Decimal

from openerp import SUPERUSER_ID
from openerp.osv import fields, orm
from openerp.tools.translate import _

from .adapter import SatchmoError, adapter_for
from .gift_certificates import METHOD

TAX_CODES = ('sales tax', 'taxable sales', 'sales tax refunded', 'taxable sales refunded')


class satchmo_backend(orm.Model):
    _inherit = 'satchmo.backend'

    _columns = {
        'tax_account_id': fields.many2one('account.account', 'Sales Tax Account',
                                          domain=[('type', '!=', 'view')],
                                          help="Where the sales taxes that Set Up from the Shop creates post "
                                               "(the tax payable account)."),
    }

    def shop_setup(self, cr, uid, backend_id, context=None):
        """The shop's setup, as its export serves it."""
        backend = self.browse(cr, SUPERUSER_ID, backend_id, context=context)
        adapter = adapter_for(backend)
        try:
            if not adapter.meta().get('setup_url'):
                raise SatchmoError(_("The shop's satchmo_export serves no setup: update it in the shop (its "
                                     "setup/ tells OpenERP the shop's tax rates and payment methods)."))
            return adapter.setup()
        finally:
            adapter.close()

    def unmapped(self, cr, uid, backend_id, setup, context=None):
        """(rates without a rule, tax classes without a rule without place, payment methods without journal)."""
        backend = self.browse(cr, SUPERUSER_ID, backend_id, context=context)
        mapped = set((r.tax_class.strip().lower(), r.country_id.code or False, r.state_id.code or False)
                     for r in backend.tax_map_ids)
        rates = [r for r in expand(setup) if (r['tax_class'].lower(), r['country'] or False, r['state'] or False)
                 not in mapped]
        classes = [c['title'] for c in setup['tax_classes'] if (c['title'].lower(), False, False) not in mapped]
        methods = set(m.method.strip().upper() for m in backend.payment_map_ids)
        return rates, classes, [m for m in setup['payment_methods'] if m['method'].upper() not in methods]

    def action_setup_from_shop(self, cr, uid, ids, context=None):
        """Create the taxes, tax rules and payment journals the shop's setup needs and the backend lacks."""
        for backend in self.browse(cr, uid, ids, context=context):
            setup = self.shop_setup(cr, uid, backend.id, context=context)
            gift_account_id = self.setup_gift_certificates(cr, uid, backend, setup, context=context)
            if gift_account_id:   # its journal, even before an order paid with one
                self._remap_gift_certificates(cr, uid, backend, gift_account_id, context=context)
                if METHOD not in [m['method'].upper() for m in setup['payment_methods']]:
                    setup = dict(setup, payment_methods=setup['payment_methods'] + [{'method': METHOD, 'payments': 0}])
            rates, classes, methods = self.unmapped(cr, uid, backend.id, setup, context=context)
            if [r for r in rates if Decimal(r['percentage'])] and not backend.tax_account_id:
                raise orm.except_orm(_('Sales Tax Account missing'), _('Set the Sales Tax Account of backend %s '
                                     '(tab Tax Classes) first: the taxes it creates post to it.') % backend.name)
            self.setup_tax_rules(cr, uid, [backend.id], rates + [{'tax_class': c, 'country': None, 'state': None,
                                                                  'percentage': None} for c in classes],
                                 backend.tax_account_id.id, context=context)
            maps = [(0, 0, {'method': m['method'], 'journal_id': self._gift_certificate_journal(
                cr, uid, backend, gift_account_id, context) if gift_account_id and m['method'].upper() == METHOD
                else self._payment_journal(cr, uid, backend, m['method'], context)})
                for m in methods]
            tax = setup['tax']
            self.write(cr, uid, [backend.id], dict(
                {'payment_map_ids': maps, 'tax_address': tax['address']},
                **({'shipping_tax_class': tax['shipping_tax_class']} if tax['shipping_tax_class'] else {})),
                context=context)
        return self.action_test_connection(cr, uid, ids, context=context)

    def _remap_gift_certificates(self, cr, uid, backend, account_id, context=None):
        """GIFTCERTIFICATE mapped by an earlier Set Up to a bank journal of its own: to the certificates' journal."""
        for rule in backend.payment_map_ids:
            journal = rule.journal_id
            if rule.method.strip().upper() == METHOD and journal.name == 'Satchmo %s' % METHOD and \
                    journal.default_debit_account_id.id != account_id:
                rule.write({'journal_id': self._gift_certificate_journal(cr, uid, backend, account_id, context)})

    def _payment_journal(self, cr, uid, backend, method, context=None):
        """A bank journal for a shop payment method: an account of its own beside the company's bank account."""
        journal_obj, account_obj = self.pool['account.journal'], self.pool['account.account']
        banks = journal_obj.search(cr, uid, [('type', '=', 'bank'), ('company_id', '=', backend.company_id.id),
                                             ('default_debit_account_id', '!=', False)], order='id', limit=1)
        if not banks:
            raise orm.except_orm(_('No bank journal'), _('Company %s has no bank journal to model the journal of '
                                 'payment method %s on: create one, or map the method by hand (tab Orders).')
                                 % (backend.company_id.name, method))
        bank = journal_obj.browse(cr, uid, banks[0], context=context)
        name = 'Satchmo %s' % method
        account_id = self._find_or_create(cr, uid, account_obj, {'name': name, 'company_id': backend.company_id.id},
                                          {'code': self._free_code(cr, uid, account_obj, '%s-%s' % (
                                              bank.default_debit_account_id.code, method), 64),
                                           'type': 'liquidity', 'user_type': bank.default_debit_account_id.user_type.id,
                                           'parent_id': bank.default_debit_account_id.parent_id.id,
                                           'currency_id': bank.currency.id or False}, context=context)
        code = re.sub('[^A-Z0-9]', '', method.upper()) or 'SHOP'
        return self._find_or_create(cr, uid, journal_obj, {'name': name, 'company_id': backend.company_id.id}, {
            'code': self._free_code(cr, uid, journal_obj, 'S' + code, 5), 'type': 'bank',
            'default_debit_account_id': account_id, 'default_credit_account_id': account_id,
            'currency': bank.currency.id or False}, context=context)

    def _free_code(self, cr, uid, model, code, size):
        code, n = code[:size], 1
        while model.search(cr, uid, [('code', '=', code)], context={'active_test': False}):
            n += 1
            code = code[:size - len(str(n))] + str(n)
        return code

    def setup_tax_rules(self, cr, uid, ids, rules, account_id, context=None):
        """One OpenERP sales tax and one tax class rule per shop rate the backend has no rule for (XML-RPC).

        rules: [{'tax_class', 'country' (ISO code or None), 'state' (code or None), 'percentage' (a decimal
        string, 0.0925 for 9.25%; '0' or None: a rule without taxes)}], e.g. the export's setup/ tax_rates.
        account_id: the tax payable account. The taxes of one place share its tax codes, so that an invoice
        has one tax line per order as the shop rounds its tax once; a tax or tax code of the same name is
        reused. Each tax class also gets a rule without place and without taxes (products: their taxes depend
        on where they are shipped), unless it has one. A rule that exists is left as it is. Returns the ids
        of the rules created.
        """
        tax_obj, code_obj = self.pool['account.tax'], self.pool['account.tax.code']
        rule_obj, country_obj = self.pool['satchmo.tax.map'], self.pool['res.country']
        state_obj = self.pool['res.country.state']
        created = []
        for backend in self.browse(cr, uid, ids, context=context):
            codes, company_id = {}, backend.company_id.id
            placeless = [dict(tax_class=c, country=None, state=None, percentage=None)
                         for c in sorted(set(r['tax_class'] for r in rules))]
            for rule in rules + placeless:
                country_ids = country_obj.search(cr, uid, [('code', '=', (rule.get('country') or '').upper())])
                country_id = country_ids and country_ids[0] or False
                state_id = False
                if rule.get('state') and country_id:
                    state_ids = state_obj.search(cr, uid, [('country_id', '=', country_id),
                                                           ('code', '=', rule['state'])])
                    state_id = state_ids and state_ids[0] or state_obj.create(
                        cr, uid, {'country_id': country_id, 'code': rule['state'], 'name': rule['state']})
                if rule_obj.search(cr, uid, [('backend_id', '=', backend.id), ('tax_class', '=', rule['tax_class']),
                                             ('country_id', '=', country_id), ('state_id', '=', state_id)]):
                    continue
                percent = Decimal(rule['percentage'] or 0)
                tax_ids = []
                if percent:
                    place = rule.get('state') or rule.get('country') or 'everywhere'
                    if place not in codes:
                        codes[place] = [self._find_or_create(cr, uid, code_obj, {
                            'name': '%s %s' % (place, what), 'company_id': company_id}, context=context)
                            for what in TAX_CODES]
                    tax_ids = [self._find_or_create(cr, uid, tax_obj, {
                        'name': '%s %s %s%%' % (place, rule['tax_class'], (percent * 100).normalize()),
                        'company_id': company_id}, {
                        'type': 'percent', 'amount': float(percent), 'price_include': False, 'type_tax_use': 'sale',
                        'account_collected_id': account_id, 'account_paid_id': account_id,
                        'tax_code_id': codes[place][0], 'base_code_id': codes[place][1],
                        'ref_tax_code_id': codes[place][2], 'ref_base_code_id': codes[place][3],
                        'ref_tax_sign': -1, 'ref_base_sign': -1,
                    }, context=context)]
                created.append(rule_obj.create(cr, uid, {
                    'backend_id': backend.id, 'tax_class': rule['tax_class'], 'country_id': country_id,
                    'state_id': state_id, 'tax_ids': [(6, 0, tax_ids)]}, context=context))
        return created

    def _find_or_create(self, cr, uid, model, key, vals=None, context=None):
        ids = model.search(cr, uid, [(k, '=', v) for k, v in key.items()], context=context)
        return ids[0] if ids else model.create(cr, uid, dict(key, **(vals or {})), context=context)


def expand(setup):
    """The shop's rates, one per tax class: a rate of no class (the percent module) is every class's."""
    titles = [c['title'] for c in setup['tax_classes']] or ['Default']
    rates = []
    for rate in setup['tax_rates']:
        for title in ([rate['tax_class']] if rate['tax_class'] else titles):
            rates.append(dict(rate, tax_class=title))
    return rates
