# -*- coding: utf-8 -*-
"""7.0.0.2: the scheduled pull every minute where it still runs on the old default of 5 minutes.

The scheduled action *Satchmo: pull changes* is in a noupdate data block: an upgrade does not change
it, so a database installed before 7.0.0.2 keeps pulling every 5 minutes. This switches it to 1 minute
when it is exactly as the install left it:
- its interval is the old default, 5 minutes;
- nobody edited it: OpenERP's create sets `write_date` to the same instant as `create_date`, and every
  later write through the ORM (a person's edit in Settings > Technical > Scheduler, whoever the user,
  admin included) moves `write_date` on. The cron's own runs update `nextcall` and `numbercall` in
  plain SQL and leave it as it was; so does an upgrade of a noupdate record. `write_uid` cannot tell:
  the install and the administrator are the same user.
A schedule someone edited keeps what they chose, even 5 minutes; a database without the action (deleted
by a person) has nothing to change.
"""
import logging

_logger = logging.getLogger(__name__)

XML_ID = ('oesync_pull', 'ir_cron_pull_satchmo_changes')
OLD_INTERVAL = (5, 'minutes')
NEW_INTERVAL = (1, 'minutes')


def pull_every_minute(cr):
    """Switch the scheduled pull to NEW_INTERVAL where it is still the untouched OLD_INTERVAL; the ids of the
    scheduled actions changed ([] when there was nothing to change)."""
    cr.execute("""
        UPDATE ir_cron SET interval_number = %s, interval_type = %s
         WHERE id IN (SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s AND model = 'ir.cron')
           AND interval_number = %s AND interval_type = %s
           AND (write_date IS NULL OR write_date = create_date)
     RETURNING id""", NEW_INTERVAL + XML_ID + OLD_INTERVAL)
    changed = [row[0] for row in cr.fetchall()]
    if changed:
        _logger.info('Satchmo: the scheduled pull now runs every minute (it had the old default of 5 minutes).')
    else:
        _logger.info('Satchmo: the scheduled pull keeps its schedule (edited by a person, or not the old '
                     'default of 5 minutes).')
    return changed
