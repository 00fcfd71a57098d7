package io.dbworkers.component.redis.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Forwards a local port to a server (Redis, PostgreSQL, RabbitMQ). {@link #cut()} drops every connection and refuses
 * new ones; {@link #blackHole()} makes the server hang instead: connections stay open and new ones are accepted, but
 * nothing reaches either side. {@link #restore()} ends both (a black-holed connection lost bytes, so it is dropped).
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { OPEN, CUT, BLACK_HOLE }

    private final ServerSocket server;
    private final String host;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.OPEN;

    public TcpProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void cut() {
        mode = Mode.CUT;
        dropAll();
    }

    /** The server stops answering without closing anything, as a hung host or a silent network does. */
    public void blackHole() {
        mode = Mode.BLACK_HOLE;
    }

    public void restore() {
        if (mode == Mode.BLACK_HOLE) {
            dropAll();
        }
        mode = Mode.OPEN;
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }

    private void dropAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode == Mode.CUT) {
                    closeQuietly(client);
                    continue;
                }
                sockets.add(client);
                if (mode == Mode.BLACK_HOLE) {
                    pump(client, null);
                    continue;
                }
                Socket upstream = new Socket(host, port);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // server closed, or the server refused: the client sees its connection dropped
            }
        }
    }

    /** Copies from one socket to the other; to null, or while black-holed, reads and discards. */
    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to == null ? OutputStream.nullOutputStream() : to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (to != null && mode != Mode.BLACK_HOLE) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // connection cut
            } finally {
                closeQuietly(from);
                if (to != null) {
                    closeQuietly(to);
                }
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
