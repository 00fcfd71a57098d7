package io.dbworkers.offset;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FileOffsetStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedOffsetsSurviveARestartAndLeaveNoTemporaryFile() throws Exception {
        Path file = dir.resolve("nested/offsets.json");
        FileOffsetStore store = new FileOffsetStore(file);
        store.start();
        store.setState("public.orders", "{\"timestamp\":[\"localdatetime\",\"2026-11-21T04:30\"]}");
        store.setState("public.inventory", "a=b");
        store.stop();

        FileOffsetStore again = new FileOffsetStore(file);
        again.start();
        assertThat(again.getState("public.orders")).isEqualTo("{\"timestamp\":[\"localdatetime\",\"2026-11-21T04:30\"]}");
        assertThat(again.getState("public.inventory")).isEqualTo("a=b");
        assertThat(again.getState("other")).isNull();
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void savesEvenWhenTheThreadWasInterrupted() throws Exception {
        // a consumer being stopped is interrupted after its last exchange completed: that offset must still be saved
        Path file = dir.resolve("offsets.json");
        FileOffsetStore store = new FileOffsetStore(file);
        store.start();
        Thread.currentThread().interrupt();
        try {
            store.setState("public.orders", "after the last delivered row");
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        FileOffsetStore again = new FileOffsetStore(file);
        again.start();
        assertThat(again.getState("public.orders")).isEqualTo("after the last delivered row");
    }
}
