"""bench/pgq.sh's Skytools side: a pgq.Consumer doing the Camel route's trivial work (each event's data decoded,
counted). Run: /usr/bin/python3 bench/pgq_skytools_consumer.py CONFIG.ini"""
import sys

import pgq
import skytools


class Counter(pgq.Consumer):
    def process_batch(self, db, batch_id, ev_list):
        for ev in ev_list:
            skytools.db_urldecode(ev.data)
            ev.tag_done()


if __name__ == '__main__':
    Counter('counter', 'src_db', sys.argv[1:]).start()
