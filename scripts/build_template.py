# -*- coding: utf-8 -*-
"""Turns a freshly installed OpenERP 7 database into the shop template.

Run by scripts/template.sh inside the OpenERP virtualenv, after the modules
were installed:  python build_template.py -c openerp.conf -d DB

What a US web shop's books need and a bare install lacks: the company in the
US with USD, its chart of accounts generated from l10n_us's "General
Product-Based Business" template (sale, purchase, bank and cash journals),
income/expense accounts as company defaults, fiscal years with monthly
periods around today, and no call home from the "Update Notification" cron.
"""
import datetime
import sys

import openerp
from openerp import SUPERUSER_ID

CHART_XMLID = ('l10n_us', 'account_chart_template_general_product')


def ref(pool, cr, module, name):
    return pool['ir.model.data'].get_object_reference(cr, SUPERUSER_ID, module, name)[1]


def setup_company(pool, cr, ctx):
    company = pool['res.users'].browse(cr, SUPERUSER_ID, SUPERUSER_ID, ctx).company_id
    pool['res.company'].write(cr, SUPERUSER_ID, [company.id], {
        'name': 'Satchmo Demo Store Inc.',
        'country_id': ref(pool, cr, 'base', 'us'),
        'currency_id': ref(pool, cr, 'base', 'USD'),
    }, ctx)
    return company.id


def generate_chart(pool, cr, company_id, ctx):
    wiz = pool['wizard.multi.charts.accounts']
    fields = list(wiz._columns)
    vals = wiz.default_get(cr, SUPERUSER_ID, fields, ctx)
    chart_id = ref(pool, cr, *CHART_XMLID)
    vals.update(wiz.onchange_chart_template_id(cr, SUPERUSER_ID, [], chart_id, ctx)['value'])
    vals.update({
        'company_id': company_id,
        'chart_template_id': chart_id,
        'sale_tax_rate': 0.0,
        'purchase_tax_rate': 0.0,
        'bank_accounts_id': [(0, 0, line) for line in vals.get('bank_accounts_id', [])],
    })
    wiz_id = wiz.create(cr, SUPERUSER_ID, vals, ctx)
    wiz.execute(cr, SUPERUSER_ID, [wiz_id], ctx)
    # The chart sets no default taxes worth having: the shop's own tax rules
    # map to OpenERP taxes later; a 0% default on every product is noise.
    values = pool['ir.values']
    ids = values.search(cr, SUPERUSER_ID, [('key', '=', 'default'), ('model', '=', 'product.product'),
                                           ('name', 'in', ('taxes_id', 'supplier_taxes_id'))])
    values.unlink(cr, SUPERUSER_ID, ids)


def set_default_accounts(pool, cr, company_id, ctx):
    """The US templates leave product categories without income and expense
    accounts: make the chart's first ones the company defaults."""
    account = pool['account.account']
    prop = pool['ir.property']
    for field, type_code in (('property_account_income_categ', 'income'),
                             ('property_account_expense_categ', 'expense')):
        acc_ids = account.search(cr, SUPERUSER_ID, [('company_id', '=', company_id),
                                                    ('type', '=', 'other'),
                                                    ('user_type.code', '=', type_code)],
                                 order='code', limit=1)
        if not acc_ids:
            sys.exit('no %s account in the generated chart' % type_code)
        field_id = pool['ir.model.fields'].search(cr, SUPERUSER_ID, [('model', '=', 'product.category'),
                                                                     ('name', '=', field)])[0]
        old = prop.search(cr, SUPERUSER_ID, [('fields_id', '=', field_id), ('res_id', '=', False),
                                             ('company_id', '=', company_id)])
        prop.unlink(cr, SUPERUSER_ID, old)
        prop.create(cr, SUPERUSER_ID, {
            'name': field, 'fields_id': field_id, 'company_id': company_id,
            'value': 'account.account,%d' % acc_ids[0], 'type': 'many2one',
        }, ctx)


def create_fiscal_years(pool, cr, company_id, ctx):
    fy = pool['account.fiscalyear']
    this_year = datetime.date.today().year
    for year in range(this_year - 2, this_year + 2):
        if fy.search(cr, SUPERUSER_ID, [('code', '=', str(year)), ('company_id', '=', company_id)]):
            continue
        fy_id = fy.create(cr, SUPERUSER_ID, {
            'name': str(year), 'code': str(year), 'company_id': company_id,
            'date_start': '%d-01-01' % year, 'date_stop': '%d-12-31' % year,
        }, ctx)
        fy.create_period(cr, SUPERUSER_ID, [fy_id], ctx)


def disable_phone_home(pool, cr, ctx):
    cron = pool['ir.cron']
    ids = cron.search(cr, SUPERUSER_ID, [('model', '=', 'publisher_warranty.contract')])
    cron.write(cr, SUPERUSER_ID, ids, {'active': False}, ctx)


def main(argv):
    openerp.tools.config.parse_config(argv)
    db = openerp.tools.config['db_name']
    registry = openerp.modules.registry.RegistryManager.get(db)
    cr = registry.db.cursor()
    ctx = {}
    try:
        company_id = setup_company(registry, cr, ctx)
        generate_chart(registry, cr, company_id, ctx)
        set_default_accounts(registry, cr, company_id, ctx)
        create_fiscal_years(registry, cr, company_id, ctx)
        disable_phone_home(registry, cr, ctx)
        cr.commit()
    finally:
        cr.close()
    print('template %s ready' % db)


if __name__ == '__main__':
    main(sys.argv[1:])
