# -*- coding: utf-8 -*-
from lxml import etree

from openerp.tests import common
from openerp.tools.safe_eval import safe_eval


class test_categories(common.TransactionCase):

    def setUp(self):
        super(test_categories, self).setUp()
        self.categ = self.registry('product.category')
        self.product = self.registry('product.product')
        cr, uid = self.cr, self.uid
        # Music > Jazz, Music > Rock; Apparel > Shirts
        self.music = self.categ.create(cr, uid, {'name': 'Music'})
        self.jazz = self.categ.create(cr, uid, {'name': 'Jazz', 'parent_id': self.music})
        self.rock = self.categ.create(cr, uid, {'name': 'Rock', 'parent_id': self.music})
        self.apparel = self.categ.create(cr, uid, {'name': 'Apparel'})
        self.shirts = self.categ.create(cr, uid, {'name': 'Shirts', 'parent_id': self.apparel})
        # a band shirt: main category Shirts, also in Rock
        self.shirt = self.product.create(cr, uid, {
            'name': 'Band Shirt', 'categ_id': self.shirts, 'categ_ids': [(6, 0, [self.rock])]})
        self.cd = self.product.create(cr, uid, {'name': 'Jazz CD', 'categ_id': self.jazz})

    def search_ids(self, domain, context=None):
        return set(self.product.search(self.cr, self.uid, domain, context=context))

    def test_extra_categories_stored_per_template(self):
        shirt = self.product.browse(self.cr, self.uid, self.shirt)
        self.assertEqual([c.id for c in shirt.categ_ids], [self.rock])
        self.assertEqual(shirt.categ_id.id, self.shirts, "the main category stays")
        self.cr.execute("SELECT product_id, categ_id FROM product_categ_rel WHERE categ_id = %s", (self.rock,))
        self.assertEqual(self.cr.fetchall(), [(shirt.product_tmpl_id.id, self.rock)],
                         "product_categ_rel.product_id holds the template id, as in the earlier module")

    def test_table_layout_of_earlier_module(self):
        # product_id must reference product_template: a database that ran the
        # earlier product_m2mcategories keeps its rows when it switches to ours.
        self.cr.execute("""
            SELECT a.attname, t.relname
              FROM pg_constraint c
              JOIN pg_class r ON r.oid = c.conrelid
              JOIN pg_class t ON t.oid = c.confrelid
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             WHERE r.relname = 'product_categ_rel' AND c.contype = 'f'""")
        self.assertEqual(dict(self.cr.fetchall()),
                         {'product_id': 'product_template', 'categ_id': 'product_category'})

    def test_several_extra_categories_and_removal(self):
        cr, uid = self.cr, self.uid
        self.product.write(cr, uid, [self.cd], {'categ_ids': [(6, 0, [self.rock, self.apparel])]})
        cd = self.product.browse(cr, uid, self.cd)
        self.assertEqual(sorted(c.id for c in cd.categ_ids), sorted([self.rock, self.apparel]))
        self.product.write(cr, uid, [self.cd], {'categ_ids': [(3, self.apparel)]})
        self.assertEqual([c.id for c in self.product.browse(cr, uid, self.cd).categ_ids], [self.rock])

    def search_view_domain(self, value):
        arch = self.product.fields_view_get(self.cr, self.uid, view_type='search')['arch']
        field = etree.fromstring(arch).xpath("//field[@name='categ_id']")[0]
        return safe_eval(field.get('filter_domain'), {'self': value})

    def test_search_view_finds_extra_and_child_categories(self):
        found = self.search_ids(self.search_view_domain(self.music))
        self.assertIn(self.shirt, found, "Rock (extra) is a child of Music")
        self.assertIn(self.cd, found, "Jazz (main) is a child of Music")
        found = self.search_ids(self.search_view_domain(self.rock))
        self.assertIn(self.shirt, found)
        self.assertNotIn(self.cd, found)
        found = self.search_ids(self.search_view_domain(self.apparel))
        self.assertIn(self.shirt, found, "Shirts (main) is a child of Apparel")
        self.assertNotIn(self.cd, found)

    def test_search_view_by_category_name(self):
        self.assertIn(self.shirt, self.search_ids(self.search_view_domain('Rock')))

    def test_products_by_category_tree(self):
        # the "Products by Category" action passes search_default_categ_id
        found = self.search_ids([], context={'search_default_categ_id': self.rock})
        self.assertEqual(found, {self.shirt})
        found = self.search_ids([], context={'search_default_categ_id': self.music})
        self.assertEqual(found, {self.shirt, self.cd})

    def test_forms_have_extra_categories_page(self):
        for model in ('product.product', 'product.template'):
            arch = self.registry(model).fields_view_get(self.cr, self.uid, view_type='form')['arch']
            pages = etree.fromstring(arch).xpath("//page[@string='Extra Categories']/field[@name='categ_ids']")
            self.assertEqual(len(pages), 1, "%s form has an Extra Categories page" % model)
