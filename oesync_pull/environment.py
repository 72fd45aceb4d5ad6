# -*- coding: utf-8 -*-
"""What every role below the run works with: the environment of one pull, and its cache.

`Environment` holds the cursor, the registry, the backend, the context of the pull's writes, the
adapter (images are downloaded through it) and the shop's meta. The run makes one and hands it down,
with a binder (binder.py) and the lookups (lookups.py); nothing below the run commits or reaches back
into it.

`Cache` remembers what a pull looked up, under keys that say what they hold: `(kind, key)`, kind one
of KINDS. What a record sets while it is imported is forgotten when the record fails: its savepoint
is rolled back, so an id created inside it no longer exists.
"""
from openerp import SUPERUSER_ID

# creates and writes of a pull: no chatter, no followers, no tracking
PULL_CONTEXT = {'mail_create_nolog': True, 'mail_create_nosubscribe': True, 'mail_notrack': True}

KINDS = {
    'binding': '(resource, shop id) -> OpenERP id of a bound record that exists',
    'country': 'ISO code -> res.country id',
    'state': '(country id, code or name) -> res.country.state id',
    'tax_class': 'shop product id -> the title of its tax class (None: Default)',
    'uom': 'product id -> its unit of measure id',
    'order_taxes': '(tax class, country id, state id) -> the tax ids of an order line of that class there',
    'tax_rate': 'sorted tax ids -> their percentage rate (a Decimal fraction)',
    'shop_currency': 'None -> the shop\'s res.currency (browse record)',
    'price_digits': 'None -> the Product Price precision',
    'shop_price_type': 'None -> the product.price.type id of the shop price',
    'price_version': 'None -> the id of the backend pricelist\'s version valid today',
    'pricing_tiers': 'None -> {shop tier id: the shop\'s price tier (setup/)}',
    'tier_pricelist': 'shop tier id -> the product.pricelist id of that tier (tiers.py)',
}


class Cache(object):
    """Lookups of one pull; `begin()` starts a record, `forget()` undoes what it set since."""

    def __init__(self):
        self.values = {}
        self.added = []

    def get(self, kind, key=None, default=None):
        return self.values.get((kind, key), default)

    def has(self, kind, key=None):
        return (kind, key) in self.values

    def set(self, kind, key, value):
        assert kind in KINDS, kind
        self.added.append(((kind, key), self.values.get((kind, key), self)))   # self: there was none
        self.values[(kind, key)] = value
        return value

    def begin(self):
        """A record starts: what it adds from now on is its own."""
        self.added = []

    def forget(self, kinds=None):
        """The record failed, its savepoint is rolled back: what it added goes with it (only the `kinds` given:
        the others name records it did not create)."""
        for key, before in reversed(self.added):
            if kinds is not None and key[0] not in kinds:
                continue
            if before is self:
                self.values.pop(key, None)
            else:
                self.values[key] = before
        self.added = []

    def clear(self):
        self.values.clear()
        self.added = []


class Environment(object):
    """cr, pool, backend, context, the shop's adapter and meta of one pull, and its cache."""

    def __init__(self, cr, pool, backend, adapter=None, meta=None, lang=None):
        self.cr, self.pool, self.backend, self.adapter = cr, pool, backend, adapter
        self.context = dict(PULL_CONTEXT, force_company=backend.company_id.id)
        # the language of the pull's messages (the user's who started it): not in `context`, whose writes
        # would store a product's name as its translation
        self.language = {'lang': lang or 'en_US'}
        self.meta = meta or {}
        self.cache = Cache()

    def reload_backend(self):
        """The backend as written since (a pull that chose its pricelist)."""
        self.backend = self.pool['satchmo.backend'].browse(self.cr, SUPERUSER_ID, self.backend.id)
