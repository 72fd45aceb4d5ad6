# -*- coding: utf-8 -*-
"""The books of an invoice, comparable between two ways of booking the same order: its journal items
and those of the payments reconciled with it, by what an accountant checks (journal, account, partner,
debit, credit, currency, date, period, states, what each is reconciled with), not by record ids, names
or sequence numbers. `journal_items` reads them; `differences` says where two sets differ.
"""
from collections import Counter

FIELDS = ('entry', 'journal', 'account', 'partner', 'debit', 'credit', 'currency', 'amount_currency', 'date',
          'period', 'entry_state', 'reconciled')


def journal_items(cr, invoice_ids):
    """{invoice id: [row]}: per row, the FIELDS of one journal item of the invoice's entry ('invoice') or of an
    entry reconciled with it ('payment 1', 'payment 2'... by date), the partner as 'invoice partner' when it is
    the invoice's accounting partner, `reconciled` as 'full'/'partial' with the entries of its reconciliation,
    and the invoice's state as a last row."""
    result = {}
    for invoice_id in invoice_ids:
        cr.execute("SELECT i.move_id, i.state, COALESCE(p.parent_id, p.id) FROM account_invoice i "
                   "JOIN res_partner p ON p.id = i.partner_id WHERE i.id = %s", (invoice_id,))
        move_id, state, partner_id = cr.fetchone()
        cr.execute("SELECT DISTINCT o.move_id, m.date, m.id FROM account_move_line l "
                   "JOIN account_move_line o ON o.move_id != l.move_id AND "
                   "(o.reconcile_id = l.reconcile_id OR o.reconcile_partial_id = l.reconcile_partial_id) "
                   "JOIN account_move m ON m.id = o.move_id WHERE l.move_id = %s ORDER BY m.date, m.id", (move_id,))
        entries = dict([(move_id, 'invoice')] + [(row[0], 'payment %d' % n) for n, row in
                                                 enumerate(cr.fetchall(), 1)])
        cr.execute("SELECT l.id, l.move_id, j.code, a.code, l.partner_id, l.debit, l.credit, c.name, "
                   "l.amount_currency, l.date, pe.code, m.state, l.reconcile_id, l.reconcile_partial_id "
                   "FROM account_move_line l "
                   "JOIN account_move m ON m.id = l.move_id JOIN account_journal j ON j.id = l.journal_id "
                   "JOIN account_account a ON a.id = l.account_id JOIN account_period pe ON pe.id = l.period_id "
                   "LEFT JOIN res_currency c ON c.id = l.currency_id WHERE l.move_id IN %s", (tuple(entries),))
        lines = cr.fetchall()
        groups = {}
        for line in lines:
            if line[12] or line[13]:
                groups.setdefault((line[12], line[13]), []).append(entries[line[1]])
        rows = []
        for (_, move, journal, account, partner, debit, credit, currency, amount_currency, date, period, entry_state,
             full, partial) in lines:
            reconciled = ('%s with %s' % ('full' if full else 'partial', ', '.join(sorted(groups[(full, partial)])))
                          if full or partial else '')
            rows.append((entries[move], journal, account, 'invoice partner' if partner == partner_id else partner,
                         '%.2f' % debit, '%.2f' % credit, currency, '%.2f' % (amount_currency or 0), date, period,
                         entry_state, reconciled))
        result[invoice_id] = sorted(rows) + [('invoice state', state)]
    return result


def differences(mine, theirs):
    """What one invoice's rows have that the other's lack, as readable lines (empty: the same books)."""
    mine, theirs = Counter(mine), Counter(theirs)
    return (['only in the first: %s' % describe(row) for row in sorted((mine - theirs).elements())] +
            ['only in the second: %s' % describe(row) for row in sorted((theirs - mine).elements())])


def describe(row):
    return ', '.join('%s %s' % pair for pair in zip(FIELDS, row)) if len(row) == len(FIELDS) else ' '.join(row)
