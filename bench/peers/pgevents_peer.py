#!/usr/bin/env python3
"""A PGEvents-style peer (seed 004, fylein/pgevents) for bench/cdc-rabbitmq.sh: reads a logical replication slot
with psycopg2 and wal2json, publishes each change to a RabbitMQ topic exchange as a persistent JSON message with
routing key schema.table.operation, waits for the broker's confirm (pika, confirm_delivery), and only then
acknowledges the change's LSN to the slot. One change, one publish, one confirm, one acknowledgement, as PGEvents.

  python3 bench/peers/pgevents_peer.py --dsn 'host=127.0.0.1 user=postgres dbname=db' --slot s --exchange x \
      --changes 150000 --seconds 60

Stops after --changes changes or --seconds from its launch, whichever comes first, and prints
"changes N seconds S" (S from launch to the last confirm). The slot (wal2json) must exist.
"""
import argparse
import json
import time

STARTED = time.monotonic()

import pika  # noqa: E402
import psycopg2  # noqa: E402
import psycopg2.extras  # noqa: E402

OPERATIONS = {"I": "insert", "U": "update", "D": "delete"}


class Done(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--slot", required=True)
    parser.add_argument("--exchange", required=True)
    parser.add_argument("--amqp", default="amqp://guest:guest@127.0.0.1:5672/%2F")
    parser.add_argument("--changes", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    rabbit = pika.BlockingConnection(pika.URLParameters(args.amqp))
    channel = rabbit.channel()
    channel.exchange_declare(exchange=args.exchange, exchange_type="topic", durable=True)
    channel.confirm_delivery()
    properties = pika.BasicProperties(content_type="application/json", delivery_mode=2)

    db = psycopg2.connect(args.dsn, connection_factory=psycopg2.extras.LogicalReplicationConnection)
    cursor = db.cursor()
    cursor.start_replication(slot_name=args.slot, decode=True,
                             options={"format-version": "2", "include-timestamp": "1", "include-lsn": "1"})
    state = {"changes": 0, "last": STARTED}

    def consume(msg):
        change = json.loads(msg.payload)
        operation = OPERATIONS.get(change.get("action"))
        if operation is not None:
            key = "%s.%s.%s" % (change["schema"], change["table"], operation)
            # blocks until RabbitMQ confirmed the message (raises when it is refused)
            channel.basic_publish(args.exchange, key.lower(), msg.payload, properties)
            state["changes"] += 1
            state["last"] = time.monotonic()
        # the change is safe in RabbitMQ: only now may the slot move past it
        msg.cursor.send_feedback(flush_lsn=msg.data_start)
        if state["changes"] >= args.changes or time.monotonic() - STARTED >= args.seconds:
            raise Done()

    try:
        cursor.consume_stream(consume)
    except Done:
        pass
    finally:
        db.close()
        rabbit.close()
    print("changes %d seconds %.3f" % (state["changes"], state["last"] - STARTED))


if __name__ == "__main__":
    main()
