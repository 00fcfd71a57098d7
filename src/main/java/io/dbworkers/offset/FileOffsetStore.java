package io.dbworkers.offset;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;

import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

import io.dbworkers.change.ChangeJson;

/**
 * Offsets in a local JSON file. Every save rewrites the file through a temporary file, forced to disk and then
 * renamed over the old one, so a crash leaves either the old or the new offsets, never a torn file.
 */
public class FileOffsetStore extends ServiceSupport implements StateRepository<String, String> {

    private final Path file;
    private final Map<String, String> offsets = new TreeMap<>();

    public FileOffsetStore(Path file) {
        this.file = file;
    }

    public Path getFile() {
        return file;
    }

    @Override
    protected void doStart() throws Exception {
        synchronized (offsets) {
            offsets.clear();
            if (Files.exists(file)) {
                String json = Files.readString(file, StandardCharsets.UTF_8);
                if (!json.isBlank()) {
                    offsets.putAll(ChangeJson.mapper().readValue(json, new TypeReference<Map<String, String>>() { }));
                }
            }
        }
    }

    @Override
    public String getState(String key) {
        synchronized (offsets) {
            return offsets.get(key);
        }
    }

    @Override
    public void setState(String key, String value) {
        synchronized (offsets) {
            offsets.put(key, value);
            write();
        }
    }

    private void write() {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            byte[] bytes = ChangeJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(offsets);
            // a FileOutputStream, not a FileChannel: a channel write fails when the thread was interrupted, and a
            // consumer that is being stopped must still save the offset of what it delivered
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                out.write(bytes);
                out.getFD().sync();
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write offsets to " + file, e);
        }
    }

    @Override
    protected void doStop() {
        // every setState is already on disk
    }
}
