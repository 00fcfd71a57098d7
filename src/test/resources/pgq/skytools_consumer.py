"""A Skytools consumer, written as the seed's mailer is: each event's decoded data goes to output_file as a JSON
line; the script stops after `expected` events. Run: /usr/bin/python3 skytools_consumer.py CONFIG.ini"""
import json
import sys

import pgq
import skytools


class Collector(pgq.Consumer):
    def __init__(self, service_name, db_name, args):
        super().__init__(service_name, db_name, args)
        self.seen = 0

    def process_batch(self, db, batch_id, ev_list):
        with open(self.cf.get('output_file'), 'a') as out:
            for ev in ev_list:
                line = {'type': ev.type, 'data': skytools.db_urldecode(ev.data), 'extra1': ev.extra1}
                out.write(json.dumps(line, sort_keys=True) + '\n')
                ev.tag_done()
                self.seen += 1
        if self.seen >= self.cf.getint('expected'):
            self.looping = 0


if __name__ == '__main__':
    Collector('collector', 'src_db', sys.argv[1:]).start()
