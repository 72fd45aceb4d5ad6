# -*- coding: utf-8 -*-
"""The shop's currency as an ISO 4217 code.

Satchmo's `L10N_SETTINGS['default_currency']` is a key of the shop's own
`currency_formats`, not a currency code: shops in euros write 'EURO' with the
symbol u'€'. The export serves a code: SATCHMO_EXPORT['CURRENCY'] when the
shop's settings give one, else the key when it is a code, else the code the
key or its symbol stands for (EURO or € is EUR, £ is GBP). A key that says
none of these (a bare '$' is several currencies) gives no code, and a
message saying which setting to add.
"""
from l10n.l10n_settings import get_l10n_setting

from satchmo_export import conf

# ISO 4217 codes in use (2024); a three-letter key that is not one of them is not taken for a code
ISO_CODES = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF
CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD
HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD
MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY
TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL
""".split())
# what shops write instead of a code: keys and symbols that stand for one currency only
NAMES = {
    'EURO': 'EUR', 'EUROS': 'EUR', u'€': 'EUR', 'EUR€': 'EUR',
    'POUND': 'GBP', 'POUNDS': 'GBP', 'STERLING': 'GBP', 'UKP': 'GBP', u'£': 'GBP',
    'US$': 'USD', 'USDOLLAR': 'USD', 'DOLLAR': 'USD', 'DOLLARS': 'USD',
    'CA$': 'CAD', 'C$': 'CAD', 'AU$': 'AUD', 'A$': 'AUD', 'NZ$': 'NZD', 'HK$': 'HKD', 'R$': 'BRL',
    'FR.': 'CHF', 'SFR': 'CHF', 'SFR.': 'CHF', 'CHFR': 'CHF', 'FRANC': 'CHF',
    u'¥': 'JPY', 'YEN': 'JPY', u'₹': 'INR', u'₽': 'RUB', u'₩': 'KRW', u'₺': 'TRY', u'₪': 'ILS', u'zł': 'PLN',
    'KR': None,   # Danish, Norwegian or Swedish: ambiguous
}


def known(text):
    """The code `text` stands for (a code, or a name or symbol of one currency), or None."""
    text = (text or u'').strip().upper().replace(' ', '')
    if text in ISO_CODES:
        return text
    return NAMES.get(text) or NAMES.get(text.lower())


def shop_currency():
    """(ISO code or None, the shop's key, its symbol, the problem when there is no code)."""
    key = get_l10n_setting('default_currency', 'USD')
    formats = get_l10n_setting('currency_formats') or {}
    symbol = (formats.get(key) or {}).get('symbol')
    explicit = conf.get('CURRENCY')
    if explicit:
        code = (explicit or '').strip().upper()
        if code in ISO_CODES:
            return code, key, symbol, None
        return None, key, symbol, ("SATCHMO_EXPORT['CURRENCY'] is %r, not an ISO 4217 currency code: write the "
                                   "code of the shop's currency, e.g. 'EUR'." % explicit)
    code = known(key) or known(symbol)
    if code:
        return code, key, symbol, None
    return None, key, symbol, (
        "The shop's currency (L10N_SETTINGS['default_currency'] %r, symbol %r) is not an ISO 4217 code and names "
        "no single currency: add 'CURRENCY': 'XXX' (its ISO code, e.g. 'EUR') to SATCHMO_EXPORT in the shop's "
        "settings." % (key, symbol))
