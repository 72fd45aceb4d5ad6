# -*- coding: utf-8 -*-
"""The connector's screens and messages can be shown in the user's language.

Every label, help text and selection value of the fields oesync_pull defines, every text of its views,
its menus and its actions (read from a server on a clone of the shop template), and every _() message of
its Python must have its entry in oesync_pull/i18n/oesync_pull.pot; the messages of its errors must be
given through _(), where OpenERP's _() can find the language; each oesync_pull/i18n/*.po must translate
every entry of the .pot. A label or message added since the last export fails here: run
`scripts/i18n.sh export`, translate what is new in each .po, and commit them with the change.
"""
import ast
import glob
import io
import os
import re
import xml.etree.ElementTree as ElementTree

from conftest import ROOT

ADDON = os.path.join(ROOT, 'oesync_pull')
I18N = os.path.join(ADDON, 'i18n')
POT = os.path.join(I18N, 'oesync_pull.pot')
ERRORS = ('MappingError', 'except_orm', 'except_osv')   # a literal message given to these goes through _()
VIEW_ATTRIBUTES = ('string', 'help', 'placeholder', 'confirm', 'sum')
PLACEHOLDER = re.compile(r'%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]')


# -- the .pot and the .po files ------------------------------------------------

def unquote(text):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), text)


def read_po(path):
    """[(msgid, msgstr, flags)] of a PO file (the header and obsolete entries left out)."""
    entries = []
    with io.open(path, encoding='utf-8') as f:
        text = f.read()
    for block in re.split(r'\n\s*\n', text.strip()):
        lines = [l.strip() for l in block.split('\n') if l.strip()]
        flags = set(f.strip() for l in lines if l.startswith('#,') for f in l[2:].split(','))
        strings, key = {}, None
        for line in lines:
            if line.startswith('#'):
                continue
            match = re.match(r'(msgid|msgstr)\s+"(.*)"$', line)
            if match:
                key = match.group(1)
                strings[key] = unquote(match.group(2))
            elif key and line.startswith('"'):
                strings[key] += unquote(line[1:-1])
        if strings.get('msgid'):
            entries.append((strings['msgid'], strings.get('msgstr', u''), flags))
    return entries


def pot_terms():
    return set(msgid for msgid, _msgstr, _flags in read_po(POT))


def missing_from_pot(terms):
    """'where: text' of the terms that have no entry in the .pot (terms: [(where, text)])."""
    known = pot_terms()
    return sorted(set(u'%s: %r' % (where, text) for where, text in terms
                      if len(text.strip()) > 1 and text not in known))   # OpenERP skips shorter ones


# -- the addon's Python ---------------------------------------------------------

def python_files():
    for folder, dirs, files in os.walk(ADDON):
        dirs[:] = [d for d in dirs if d != 'tests']
        for name in sorted(files):
            if name.endswith('.py'):
                yield os.path.join(folder, name)


def parse(path):
    with open(path) as f:
        return ast.parse(f.read(), path)


def text(value):
    return value if isinstance(value, unicode) else value.decode('utf-8')


def is_gettext(node):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == '_'


def called(node):
    """The name a call calls: MappingError(...) and orm.except_orm(...) alike."""
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def literal_message(node):
    """A message written as a literal, or a literal % values, that is not given through _()."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        node = node.left
    return isinstance(node, ast.Str)


class Scopes(ast.NodeVisitor):
    """_() calls with the kind of scope they are in: a module, a class body, a lambda or a generator expression
    (their own frame, without the caller's context, cursor or user) leave _() no language to find."""

    def __init__(self):
        self.scopes, self.found = ['module'], []

    def scoped(self, kind, node):
        self.scopes.append(kind)
        self.generic_visit(node)
        self.scopes.pop()

    visit_FunctionDef = lambda self, node: self.scoped('function', node)
    visit_ClassDef = lambda self, node: self.scoped('class body', node)
    visit_Lambda = lambda self, node: self.scoped('lambda', node)
    visit_GeneratorExp = lambda self, node: self.scoped('generator expression', node)
    visit_DictComp = lambda self, node: self.scoped('dict comprehension', node)
    visit_SetComp = lambda self, node: self.scoped('set comprehension', node)

    def visit_Call(self, node):
        if is_gettext(node):
            self.found.append((node, self.scopes[-1]))
        self.generic_visit(node)


def gettext_calls(path):
    scopes = Scopes()
    scopes.visit(parse(path))
    return scopes.found


def where(path, node):
    return '%s:%d' % (os.path.relpath(path, ROOT), node.lineno)


# -- the tests -----------------------------------------------------------------

def test_every_message_of_the_python_is_in_the_pot():
    terms, malformed, blind = [], [], []
    for path in python_files():
        for node, scope in gettext_calls(path):
            if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Str):
                malformed.append('%s: _() takes one literal (format it after: _(\'... %%s\') %% value)'
                                 % where(path, node))
                continue
            terms.append((where(path, node), text(node.args[0].s)))
            if scope != 'function':
                blind.append('%s: _() in a %s' % (where(path, node), scope))
    assert len(terms) > 50, 'the _() messages were not found'
    assert not malformed, '\n'.join(malformed)
    assert not blind, ('_() finds the language in the frame that calls it: in these places it finds none '
                       '(use a list comprehension, or call it in the method):\n' + '\n'.join(blind))
    missing = missing_from_pot(terms)
    assert not missing, ('%d _() message(s) are not in oesync_pull/i18n/oesync_pull.pot (run scripts/i18n.sh '
                         'export):\n%s' % (len(missing), '\n'.join(missing)))


def test_error_messages_are_given_through_gettext():
    unwrapped = []
    for path in python_files():
        for node in ast.walk(parse(path)):
            if isinstance(node, ast.Call) and called(node) in ERRORS:
                unwrapped += ['%s: %s(%r)' % (where(path, node), called(node), (a.left if isinstance(a, ast.BinOp)
                                                                                else a).s[:60])
                              for a in node.args if literal_message(a)]
    assert not unwrapped, ('messages of errors written without _() (their users read them in English):\n'
                           + '\n'.join(unwrapped))


def test_every_label_of_the_screens_is_in_the_pot(openerp):
    """Fields (string, help, selection values), views, menus and actions of oesync_pull, as the server has them."""
    terms = []
    records = lambda model: [d['res_id'] for d in openerp.search_read(
        'ir.model.data', [('module', '=', 'oesync_pull'), ('model', '=', model)], ['res_id'])]
    by_model = {}
    for field in openerp.execute('ir.model.fields', 'read', records('ir.model.fields'), ['model', 'name']):
        by_model.setdefault(field['model'], []).append(field['name'])
    for model, names in sorted(by_model.items()):
        for name, field in openerp.execute(model, 'fields_get', names, {}).items():
            label = '%s.%s' % (model, name)
            terms.append((label, field['string']))
            terms += [(label + ' help', field['help'])] if field.get('help') else []
            terms += [(label + ' selection', value) for key, value in field.get('selection') or []]
    assert 'satchmo.backend' in by_model and len(terms) > 100, 'the fields of oesync_pull were not found'
    for view in openerp.execute('ir.ui.view', 'read', records('ir.ui.view'), ['name', 'arch']):
        for element in ElementTree.fromstring(view['arch'].encode('utf-8')).iter():
            label = 'view %s <%s>' % (view['name'], element.tag)
            terms += [(label, value.strip()) for value in (element.text, element.tail) if value and value.strip()]
            terms += [(label, element.get(a)) for a in VIEW_ATTRIBUTES if element.get(a)]
    for menu in openerp.execute('ir.ui.menu', 'read', records('ir.ui.menu'), ['name']):
        terms.append(('menu', menu['name']))
    for model in ('ir.actions.act_window', 'ir.actions.server'):
        for action in openerp.execute(model, 'read', records(model), ['name', 'help']):
            terms.append(('action', action['name']))
            terms += [('action %s help' % action['name'], action['help'])] if action.get('help') else []
    missing = missing_from_pot(terms)
    assert not missing, ('%d label(s) of the screens are not in oesync_pull/i18n/oesync_pull.pot (run '
                         'scripts/i18n.sh export):\n%s' % (len(missing), '\n'.join(missing)))


def test_each_translation_translates_the_whole_pot():
    pot = pot_terms()
    languages = sorted(glob.glob(os.path.join(I18N, '*.po')))
    assert os.path.join(I18N, 'fr.po') in languages
    problems = []
    for path in languages:
        name = os.path.basename(path)
        entries = read_po(path)
        known = set(msgid for msgid, msgstr, flags in entries)
        problems += ['%s: not merged with the .pot (scripts/i18n.sh export): %r' % (name, t) for t in pot - known]
        problems += ['%s: no longer in the .pot: %r' % (name, t) for t in known - pot]
        for msgid, msgstr, flags in entries:
            if not msgstr or 'fuzzy' in flags:
                problems.append('%s: not translated%s: %r' % (name, ' (fuzzy)' if msgstr else '', msgid))
            elif 'python-format' in flags and PLACEHOLDER.findall(msgid) != PLACEHOLDER.findall(msgstr):
                problems.append('%s: the translation of %r has other placeholders, or in another order: %r'
                                % (name, msgid, msgstr))
    assert not problems, '\n'.join(problems)
