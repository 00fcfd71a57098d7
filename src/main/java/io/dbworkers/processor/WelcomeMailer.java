package io.dbworkers.processor;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.component.pgq.PgqEvent;

/**
 * The seed's {@code mailer} consumer: "sends" (logs) a welcome mail for each row inserted into
 * {@code queue.welcome_email}, whose {@code pgq.logutriga} trigger puts it into the {@code mailer} queue. Takes the
 * trigger's {@link DatabaseChange} or a plain event whose data is URL-encoded the same way.
 */
public class WelcomeMailer {

    private static final Logger LOG = LoggerFactory.getLogger(WelcomeMailer.class);

    public void send(Object body) {
        Map<String, ?> fields = body instanceof DatabaseChange change ? change.row() : ((PgqEvent) body).fields();
        Object user = fields.get("username");
        if (user == null) {
            throw new IllegalArgumentException("a welcome mail needs a username: " + fields);
        }
        LOG.info("Welcome mail sent to {} ({} {}, language {})", user, fields.get("firstname"),
                fields.get("lastname"), fields.get("language"));
    }
}
