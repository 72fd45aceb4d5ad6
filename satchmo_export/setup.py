# -*- coding: utf-8 -*-
from setuptools import find_packages, setup

setup(
    name='satchmo_export',
    version='0.2.0',
    description='Read-only JSON export of a Satchmo 0.9.2 shop, for oesync_pull (OpenERP 7)',
    long_description=open('README.md').read(),
    license='BSD',
    packages=find_packages(),
    include_package_data=True,
    zip_safe=False,
    install_requires=['Django>=1.3,<1.5'],
    classifiers=[
        'Framework :: Django',
        'Programming Language :: Python :: 2.7',
    ],
)
