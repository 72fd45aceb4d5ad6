# -*- coding: utf-8 -*-
"""Is a backend ready to pull? Test Connection as a configuration check, and the start of scheduled pulls.

Test Connection reads the shop's meta, setup and oldest order, and lists, before any pull, what would
make records fail: the shop's tax rates, tax classes and payment methods without OpenERP taxes or
journals (shop_setup.py), the pricelist's currency against the shop's, the write-off account, the company's
exchange accounts when it keeps its books in another currency than the shop sells in, accounting periods
for the shop's order dates, the decimal precision of prices. A new backend is pulled by the scheduled
actions only once its administrator starts them (**Start Scheduled Pulls**, refused while the check
finds a problem); Import Now and the other triggers work at any time.
"""
import time
from decimal import Decimal

from openerp import SUPERUSER_ID
from openerp.osv import fields, orm
from openerp.tools import DEFAULT_SERVER_DATETIME_FORMAT
from openerp.tools.translate import _

from .adapter import SatchmoError, adapter_for
from .binder import Binder
from .environment import Environment
from .lookups import Lookups
from .mapper import MappingError

PRECISIONS = ('Product Price', 'Discount')


class satchmo_backend(orm.Model):
    _inherit = 'satchmo.backend'

    _columns = {
        'scheduled': fields.boolean('Scheduled Pulls', readonly=True,
                                    help="Pulled by the scheduled actions. A new backend is not: check it with Test "
                                         "Connection, then click Start Scheduled Pulls."),
    }
    _defaults = {'scheduled': False}

    def _auto_init(self, cr, context=None):
        """Backends pulled by the schedule before this field existed go on being pulled."""
        cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'satchmo_backend' "
                   "AND column_name = 'scheduled'")
        new_column = not cr.fetchone()
        cr.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'satchmo_backend'")
        existing_table = bool(cr.fetchone())
        result = super(satchmo_backend, self)._auto_init(cr, context)
        if new_column and existing_table:
            cr.execute('UPDATE satchmo_backend SET scheduled = true')
        return result

    def copy(self, cr, uid, id, default=None, context=None):
        return super(satchmo_backend, self).copy(cr, uid, id, dict(default or {}, scheduled=False), context=context)

    # -- the check -----------------------------------------------------------

    def check_configuration(self, cr, uid, backend_id, context=None):
        """(meta or None, problems, notes): what the shop says, what would make records fail, what a pull
        will do on its own."""
        backend = self.browse(cr, SUPERUSER_ID, backend_id, context=context)
        adapter = adapter_for(backend, retries=0)
        try:
            meta = adapter.meta()
            oldest = adapter.first('orders')
        except SatchmoError as e:
            return None, [unicode(e)], []
        finally:
            adapter.close()
        env = Environment(cr, self.pool, backend, meta=meta, lang=(context or {}).get('lang'))   # its messages'
        lookups = Lookups(env, Binder(env))   # the import's own rules: one rule, one answer
        problems, notes = [], []
        self._check_currency(cr, uid, lookups, problems, notes, context=context)
        if not backend.writeoff_account_id:
            problems.append(_('No Payment Write-off Account (tab Orders): Satchmo charges payments rounded up, a '
                              'cent over the invoice, and OpenERP needs an account for it.'))
        precision = self.pool['decimal.precision']
        for name in PRECISIONS:
            if precision.precision_get(cr, SUPERUSER_ID, name) < 4:
                problems.append(_("Decimal precision '%s' has fewer than 4 digits: the shop keeps 10, order lines "
                                  "would miss its cents. Set 4 under Settings > Technical > Database Structure > "
                                  "Decimal Accuracy.") % name)
        self._check_setup(cr, uid, backend, problems, notes, context=context)
        # the oldest order, or the first day orders are imported from (booking_policy.py)
        dates = [max(o['time_stamp'][:10], backend.import_orders_from or '') for o in oldest if o.get('time_stamp')] \
            + [time.strftime('%Y-%m-%d')]
        today = time.strftime('%Y-%m-%d')
        for date in sorted(set(dates)):
            try:
                lookups.open_period(date, _("shop's first order to import") if date != today else
                                    _('pulls of today'))
            except MappingError as e:
                problems.append(e.args[0])
        return meta, problems, notes

    def _check_currency(self, cr, uid, lookups, problems, notes, context=None):
        """The shop's currency and the backend's pricelist, as the import takes them (lookups.py)."""
        backend, meta = lookups.backend, lookups.meta
        if not (meta.get('currency') or meta.get('currency_problem')):
            return
        try:
            currency = lookups.shop_currency()
            lookups.check_pricelist()
        except MappingError as e:
            problems.append(e.args[0])
            return
        code = currency.name
        if not backend.pricelist_id:
            found = lookups.sale_pricelist(currency)
            notes.append(found and _('No pricelist set: the first pull takes %s (%s).')
                         % (self.pool['product.pricelist'].browse(cr, SUPERUSER_ID, found).name, code)
                         or _('There is no sale pricelist in %s: the first pull creates "%s (%s)".')
                         % (code, backend.name, code))
        company = backend.company_id
        if company.currency_id.name != code:
            notes.append(_("The company keeps its books in %s, the shop sells in %s: payments are booked at "
                           "OpenERP's %s rate of their date.") % (company.currency_id.name, code, code))
            if not (company.income_currency_exchange_account_id and company.expense_currency_exchange_account_id):
                problems.append(_('The company %s has no Gain or no Loss Exchange Rate Account: a shop payment that '
                                  'settles an invoice needs them. Set them under Settings > Configuration > '
                                  'Accounting.') % company.name)

    def _check_setup(self, cr, uid, backend, problems, notes, context=None):
        """The shop's tax rates, tax classes and payment methods that OpenERP has no tax or journal for
        (shop_setup.py)."""
        try:
            setup = self.shop_setup(cr, uid, backend.id, context=context)
        except SatchmoError as e:
            notes.append(unicode(e))
            return
        rates, classes, methods = self.unmapped(cr, uid, backend.id, setup, context=context)
        rates = [r for r in rates if Decimal(r['percentage'] or 0)]   # an unmapped 0% rate taxes nothing
        cure = _('click Set Up from the Shop, or add them by hand')
        if rates:
            problems.append(_('%d tax rate(s) of the shop have no OpenERP taxes (%s%s): %s (tab Tax Classes).') % (
                len(rates), ', '.join([_('%s in %s %s%%') % (r['tax_class'], '/'.join(
                    p for p in (r['country'], r['state']) if p) or _('everywhere'),
                    (Decimal(r['percentage']) * 100).normalize()) for r in rates[:5]]),
                ', ...' if len(rates) > 5 else '', cure))
        if classes:
            problems.append(_('Tax class(es) %s of the shop have no rule without place (their products fail): %s '
                              '(tab Tax Classes).') % (', '.join(classes), cure))
        if methods:
            problems.append(_("Payment method(s) %s of the shop's orders have no journal: %s (tab Orders).")
                            % (', '.join([_('%s (%d payments)') % (m['method'], m['payments']) for m in methods]),
                               cure))

    # -- buttons -------------------------------------------------------------

    def action_test_connection(self, cr, uid, ids, context=None):
        """The shop's meta and the configuration check; the result shows on the form."""
        for backend_id in ids:
            checked = time.strftime(DEFAULT_SERVER_DATETIME_FORMAT, time.gmtime())
            meta, problems, notes = self.check_configuration(cr, uid, backend_id, context=context)
            if meta is None:
                status = _(u'FAILED (%s UTC): %s') % (checked, problems[0])
            else:
                counts = ', '.join('%s %s' % (meta['resources'][r]['count'], r) for r in sorted(meta['resources']))
                status = _(u'%s (%s UTC): "%s", currency %s, time zone %s; %s.') % (
                    _('CHECK THE CONFIGURATION') if problems else _('OK'), checked, meta.get('shop_name'),
                    meta.get('currency') or meta.get('currency_key'), meta.get('time_zone'), counts)
                # a list, not a generator: _() finds the language in its caller's frame
                status += u''.join([u'\n- ' + _(u'Problem: %s') % p for p in problems])
                status += u''.join(u'\n- %s' % n for n in notes)
            self.write(cr, uid, [backend_id], {'connection_status': status}, context=context)
        return True

    def action_start_schedule(self, cr, uid, ids, context=None):
        """Let the scheduled actions pull these backends, once the configuration check finds no problem."""
        for backend in self.browse(cr, uid, ids, context=context):
            problems = self.check_configuration(cr, uid, backend.id, context=context)[1]
            if problems:
                self.action_test_connection(cr, uid, [backend.id], context=context)
                raise orm.except_orm(_('Not started'), _('Backend %s is not ready for scheduled pulls:\n- %s')
                                     % (backend.name, '\n- '.join(problems)))
        return self.write(cr, uid, ids, {'scheduled': True}, context=context)

    def action_stop_schedule(self, cr, uid, ids, context=None):
        return self.write(cr, uid, ids, {'scheduled': False}, context=context)
