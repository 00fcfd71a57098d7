package io.dbworkers.component.dbcdc;

import java.lang.reflect.Field;

import io.debezium.connector.common.BaseSourceTask;
import io.debezium.engine.DebeziumEngine;

/**
 * Confirms a committed position to the database at once. The engine's committer saves the offset and only asks the
 * task to confirm it to the replication slot, which the task then does on its next poll; with commits made on the
 * {@link BatchPipeline}'s thread while the engine waits in a poll, the slot would lag the saved offset by up to
 * {@code poll.interval.ms}. {@link BaseSourceTask#performCommit()} is public and guarded by the task's own lock (the
 * engine calls it from its polling thread, not the streaming one), but the engine keeps the task in its committer:
 * when it cannot be reached (another engine version), the engine confirms on its next poll as usual.
 */
final class SlotConfirmation {

    private SlotConfirmation() {
    }

    static void confirmNow(DebeziumEngine.RecordCommitter<?> committer) {
        try {
            Object target = committer;
            Object delegate = field(target, "delegate");
            if (delegate != null) {
                target = delegate;
            }
            if (field(target, "task") instanceof BaseSourceTask<?, ?> task) {
                task.performCommit();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the engine confirms the position on its next poll
        }
    }

    private static Object field(Object owner, String name) throws IllegalAccessException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException e) {
                // try the superclass
            }
        }
        return null;
    }
}
