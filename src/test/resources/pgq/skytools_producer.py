"""Inserts events the Skytools way: data URL-encoded by skytools.db_urlencode, pgq.insert_event, one transaction.
Run: /usr/bin/python3 skytools_producer.py CONNSTR QUEUE JSON_LIST_OF_DICTS"""
import json
import sys

import psycopg2
import skytools

connstr, queue, events = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
db = psycopg2.connect(connstr)
with db, db.cursor() as cur:
    for fields in events:
        cur.execute("select pgq.insert_event(%s, %s, %s)", [queue, 'welcome_email', skytools.db_urlencode(fields)])
db.close()
