package dev.weft.pg.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP proxy in front of the real server that relays the first connection (the session) at once and
 * holds every later one (the CancelRequest side connections) until the test calls {@link #releaseCancels()}
 * once the cancel's target has finished: the cancel then lands on whatever runs next. Made to script the
 * stray cancel window deterministically, by events rather than by a delay that a loaded machine outruns.
 */
final class SlowCancelProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final CountDownLatch released = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();

    SlowCancelProxy(String host, int port) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.host = host;
        this.port = port;
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Relays the cancels held so far, and every later one at once. */
    void releaseCancels() {
        released.countDown();
    }

    private void accept() {
        try {
            for (boolean first = true; ; first = false) {
                Socket client = listener.accept();
                sockets.add(client);
                boolean delayed = !first;
                Thread.ofVirtual().start(() -> relay(client, delayed));
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private void relay(Socket client, boolean delayed) {
        try {
            if (delayed) {
                released.await();
                if (listener.isClosed()) {
                    closeQuietly(client); // the test ended without releasing it
                    return;
                }
            }
            Socket server = new Socket(host, port);
            sockets.add(server);
            Thread.ofVirtual().start(() -> pump(client, server));
            pump(server, client);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side went away; closing both ends the other pump too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        released.countDown();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
