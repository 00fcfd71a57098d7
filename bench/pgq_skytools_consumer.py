"""bench/pgq.sh's Skytools side: a pgq.Consumer doing the Camel route's trivial work (each event's data decoded the
Skytools way, the event tagged done), as the seed's mailer does. Writes the time and its CPU seconds at its first batch
into the file named by FIRST_BATCH_FILE, so that Python's start-up is not counted.
Run: FIRST_BATCH_FILE=first.txt /usr/bin/python3 bench/pgq_skytools_consumer.py CONFIG.ini"""
import os
import sys
import time

import pgq
import skytools


class Counter(pgq.Consumer):
    first_batch = None

    def process_batch(self, db, batch_id, ev_list):
        if self.first_batch is None:
            self.first_batch = time.time()
            with open(os.environ['FIRST_BATCH_FILE'], 'w') as f:
                f.write('%.6f %.2f\n' % (self.first_batch, time.process_time()))
        for ev in ev_list:
            skytools.db_urldecode(ev.data)
            ev.tag_done()


if __name__ == '__main__':
    Counter('counter', 'src_db', sys.argv[1:]).start()
