package io.dbworkers.app;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.it.JarProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** HTTP_HOST=127.0.0.2: health answers on that address and nowhere else (Linux routes all of 127/8 to loopback). */
class HttpHostIT {

    @TempDir
    Path workDir;

    @Test
    void managementServerListensOnHttpHostOnly() throws Exception {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        Files.writeString(routes.resolve("tick.yaml"), """
                - route:
                    id: tick
                    from:
                      uri: timer:tick
                      steps:
                        - log: "tick"
                """);
        Files.copy(Path.of("application.properties"), workDir.resolve("application.properties"));
        int port = JarProcess.freePort();
        try (JarProcess jar = JarProcess.start(workDir, Map.of("HTTP_HOST", "127.0.0.2",
                "HTTP_PORT", Integer.toString(port)))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                try (Socket socket = new Socket("127.0.0.2", port)) {
                    assertThat(socket.isConnected()).isTrue();
                }
            });
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        }
    }
}
